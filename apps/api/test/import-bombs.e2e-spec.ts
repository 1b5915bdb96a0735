import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { LOOP_HEADERS, multipart, zip } from './loop-fixtures.js';
import { rows, startApi, type TestApi } from './support.js';

const HABITS_CSV = `${LOOP_HEADERS.v231}\n001,Run,YES_NO,,,1,1,#D32F2F,,AT_LEAST,0,false\n`;

/** `count` Loop check-mark lines; repetitive, so they compress to almost nothing. */
const checkmarkLines = (count: number) => '2020-01-01,2\n'.repeat(count);

/** Rewrites every size an archive declares for `name` (local header and central directory) to `declared`. */
function lieAboutSize(archive: Buffer, name: string, declared: number): Buffer {
  const patched = Buffer.from(archive);
  for (let at = 0; at < patched.length - 46; at++) {
    const signature = patched.readUInt32LE(at);
    const [sizeAt, nameLengthAt, nameAt] =
      signature === 0x04034b50 ? [22, 26, 30] : signature === 0x02014b50 ? [24, 28, 46] : [0, 0, 0];
    if (!sizeAt) continue;
    const length = patched.readUInt16LE(at + nameLengthAt);
    if (patched.toString('utf8', at + nameAt, at + nameAt + length) === name)
      patched.writeUInt32LE(declared, at + sizeAt);
  }
  return patched;
}

/** A Loop backup of `habits` habits and `repetitions` repetitions, without Loop's index on Repetitions. */
function bigBackup(habits: number, repetitions: number): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'loop-big-'));
  const path = join(dir, 'big.db');
  const db = new Database(path);
  db.exec(`create table Habits (id integer primary key, name text, freq_num integer, freq_den integer, position integer);
           create table Repetitions (id integer primary key, habit integer, timestamp integer, value integer);`);
  db.pragma('user_version = 25');
  db.transaction(() => {
    const habit = db.prepare('insert into Habits (id, name, freq_num, freq_den, position) values (?, ?, 1, 1, ?)');
    for (let i = 1; i <= habits; i++) habit.run(i, `habit ${i}`, i);
    const repetition = db.prepare('insert into Repetitions (habit, timestamp, value) values (?, ?, 2)');
    for (let i = 0; i < repetitions; i++)
      repetition.run((i % habits) + 1, Date.UTC(2000, 0, 1) + Math.floor(i / habits) * 86_400_000);
  })();
  db.close();
  const bytes = readFileSync(path);
  rmSync(dir, { recursive: true, force: true });
  return bytes;
}

describe('Loop uploads built to exhaust the server', () => {
  let api: TestApi;
  let token: string;
  let bystander: string;

  beforeAll(async () => {
    api = await startApi({ now: '2026-11-24T12:00:00Z' });
    ({ token } = await api.register('bomber'));
    ({ token: bystander } = await api.register('bystander'));
  });
  afterAll(() => api.close());

  const upload = (file: Buffer, filename = 'loop.zip') =>
    api.request('POST', '/api/v1/import/loop', { token, ...multipart(file, { filename }) });
  const nothingWritten = async () => expect(await rows(api, 'select count(*) as n from habits')).toEqual([{ n: 0 }]);

  it('stops inflating an entry that claims 64 bytes once its real output passes the budget, and others keep being served', async () => {
    const bomb = lieAboutSize(
      zip({ 'Habits.csv': HABITS_CSV, '001 Run/Checkmarks.csv': checkmarkLines(5_000_000) }),
      '001 Run/Checkmarks.csv',
      64,
    );
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const [reply, other] = await Promise.all([
      upload(bomb),
      api.request('GET', '/api/v1/habits', { token: bystander }),
    ]);
    expect(reply.status).toBe(413);
    expect(reply.body.details).toEqual([
      { field: 'file', message: expect.stringContaining('unpacks to more than 32 MiB') },
    ]);
    expect(other.status).toBe(200);
    await nothingWritten();
  });

  it('refuses a file with more check-mark rows than one import takes, before parsing them', async () => {
    const reply = await upload(zip({ 'Habits.csv': HABITS_CSV, '001 Run/Checkmarks.csv': checkmarkLines(1_100_000) }));
    expect(reply.status).toBe(413);
    expect(reply.body.details[0].message).toMatch(/days of check-marks; one import takes at most 1000000/);
    await nothingWritten();
  });

  it('refuses a backup with over a million repetitions and no index at once, and one with more habits than an account holds', async () => {
    const rowsReply = await upload(bigBackup(10, 1_000_001), 'big.db');
    expect(rowsReply.status).toBe(413);
    const habitsReply = await upload(bigBackup(2001, 2001), 'many.db');
    expect(habitsReply.status).toBe(413);
    expect(habitsReply.body.details[0].message).toBe('the file holds 2001 habits; an account holds at most 2000');
    await nothingWritten();
  }, 60_000);

  it("still imports a large backup without Loop's index: 200 habits, 100,000 repetitions", async () => {
    const reply = await upload(bigBackup(200, 100_000), 'fine.db');
    expect(reply.status).toBe(200);
    expect(reply.body.habits.created).toBe(200);
    expect(reply.body.completions.created).toBe(100_000);
  }, 120_000);
});
