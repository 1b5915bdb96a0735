import { describe, expect, it } from '@jest/globals';
import { LOOP_HEADERS, bigBackup, lieAboutSize, zip } from '../../test/loop-fixtures.js';
import { parseLoopFile } from './loop-parse.js';
import { LoopFormatError, LoopTooLargeError, MAX_UNZIPPED_BYTES, loopHabits } from './loop-reader.js';

const HABITS_CSV = `${LOOP_HEADERS.v231}\n001,Run,YES_NO,,,1,1,#D32F2F,,AT_LEAST,0,false\n`;

describe('loopHabits limits', () => {
  it('stops at the inflated-byte budget whatever size the archive declares', () => {
    const lines = '2020-01-01,2\n'.repeat(Math.ceil((MAX_UNZIPPED_BYTES + 1) / 13));
    const bomb = lieAboutSize(
      zip({ 'Habits.csv': HABITS_CSV, '001 Run/Checkmarks.csv': lines }),
      '001 Run/Checkmarks.csv',
      64,
    );
    expect(() => [...loopHabits(bomb)]).toThrow(LoopTooLargeError);
  });

  it('calls a damaged deflate stream an unreadable archive', () => {
    const archive = zip({ 'Habits.csv': HABITS_CSV.repeat(50) });
    const damaged = Buffer.from(archive);
    damaged.fill(0xff, 40, 70);
    expect(() => [...loopHabits(damaged)]).toThrow('not a readable zip archive (invalid block type)');
  });
});

describe(parseLoopFile.name, () => {
  it('reads a file into an import plan in a worker thread', async () => {
    const plan = await parseLoopFile(
      zip({ 'Habits.csv': HABITS_CSV, '001 Run/Checkmarks.csv': '2026-11-01,2\n2026-11-02,3\n' }),
    );
    expect(plan.habits.map((habit) => [habit.fields.name, habit.days.map((day) => day.status)])).toEqual([
      ['Run', ['done', 'skipped']],
    ]);
  });

  it('brings back the reader refusals with their field', async () => {
    const failure = await parseLoopFile(Buffer.from('not a loop file')).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LoopFormatError);
    expect(failure).not.toBeInstanceOf(LoopTooLargeError);
    expect((failure as LoopFormatError).field).toBe('file');
    const tooMany = await parseLoopFile(bigBackup(2001, 2001)).catch((error: unknown) => error);
    expect(tooMany).toBeInstanceOf(LoopTooLargeError);
  });

  it('answers a file that needs more memory than the reader may use as too large, and the process lives on', async () => {
    const failure = await parseLoopFile(bigBackup(200, 200_000), 8).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LoopTooLargeError);
    expect((failure as Error).message).toBe('the file needs more memory to read than an import may use');
    expect((await parseLoopFile(bigBackup(2, 20))).habits).toHaveLength(2);
  }, 60_000);
});
