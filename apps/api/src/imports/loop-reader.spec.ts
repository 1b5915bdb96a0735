import { describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { strToU8, zipSync } from 'fflate';
import { loopImportPlan, LOOP_PALETTE } from './loop-mapping.js';
import { LoopFormatError, readLoopExport, type LoopHabit } from './loop-reader.js';

const MODERN = 'Position,Name,Type,Question,Description,FrequencyNumerator,FrequencyDenominator,Color,Unit,Target Type,Target Value,Archived?';

const zip = (files: Record<string, string>) => zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])));

function backup(sql: string): Uint8Array {
  const db = new Database(':memory:');
  db.exec(sql);
  const bytes = db.serialize();
  db.close();
  return bytes;
}

const failure = (file: Uint8Array): { field: string; message: string } => {
  try {
    readLoopExport(file);
  } catch (error) {
    if (error instanceof LoopFormatError) return { field: error.field, message: error.message };
    throw error;
  }
  throw new Error('expected a LoopFormatError');
};

const habit = (overrides: Partial<LoopHabit> = {}): LoopHabit => ({
  where: 'Habits.csv line 2',
  position: 1,
  name: 'Read',
  question: null,
  description: null,
  numeric: false,
  numerator: 1,
  denominator: 1,
  color: null,
  unit: null,
  atMost: false,
  targetValue: null,
  archived: false,
  uuid: null,
  entries: [],
  ...overrides,
});

describe('readLoopExport', () => {
  it('reads named and numeric check-marks of the 2.3.1+ format, in a zip nested one folder deep', () => {
    const { format, habits } = readLoopExport(
      zip({
        'Loop Habits CSV 2026-11-24/Habits.csv': `${MODERN}\n001,Read,0,,,1,1,3,,0,0,false\n002,Water,1,,,1,7,#00897b,L,1,2.5,1\n003,Tea,1,,,1,1,,cups,0,2,0\n`,
        'Loop Habits CSV 2026-11-24/001 Read/Checkmarks.csv': 'Date,Value,Notes\n2026-01-03,UNKNOWN,\n2026-01-02,yes_auto,\n2026-01-01,YES_MANUAL,good\n',
        'Loop Habits CSV 2026-11-24/002 Water/Checkmarks.csv': 'Date,Value,Notes\n2026-01-04,3,\n2026-01-03,UNKNOWN,\n2026-01-02,SKIP,ill\n2026-01-01,2500,\n',
        'Loop Habits CSV 2026-11-24/003 Tea/Checkmarks.csv': '2026-01-03,-1\n2026-01-02,3\n2026-01-01,3000\n',
        'elsewhere/003 Other/Checkmarks.csv': '2026-01-01,2\n',
      }),
    );
    expect(format).toBe('csv');
    expect(habits[0]).toMatchObject({ name: 'Read', numeric: false, color: 3, archived: false, atMost: false });
    expect(habits[0]!.entries.map(({ date, mark, notes }) => [date, mark, notes])).toEqual([
      ['2026-01-03', 'derived', null],
      ['2026-01-02', 'derived', null],
      ['2026-01-01', 'done', 'good'],
    ]);
    expect(habits[1]).toMatchObject({ numeric: true, denominator: 7, color: '#00897B', unit: 'L', atMost: true, targetValue: 2.5, archived: true });
    expect(habits[1]!.entries.map(({ mark, amount }) => [mark, amount])).toEqual([
      ['done', 0.003],
      ['derived', null],
      ['skip', null],
      ['done', 2.5],
    ]);
    // Without names (Loop up to 2.3.0, and backups) 3 and -1 are Loop's codes for a skip and an unknown day.
    expect(habits[2]!.entries.map(({ mark, amount }) => [mark, amount])).toEqual([
      ['derived', null],
      ['skip', null],
      ['done', 3],
    ]);
  });

  it('reads backups from before Loop stored values: every repetition is a manual check', () => {
    const db = readLoopExport(
      backup(`
        create table Habits (id integer primary key, name text, freq_num integer, freq_den integer);
        create table Repetitions (habit integer, timestamp integer);
        insert into Habits values (1, ' Floss ', 1, 1);
        insert into Repetitions values (1, 1767225600000);
        pragma user_version = 8;
      `),
    );
    expect(db.format).toBe('db');
    expect(db.habits).toEqual([
      expect.objectContaining({ position: 1, name: 'Floss', color: null, uuid: null, entries: [expect.objectContaining({ date: '2026-01-01', mark: 'done' })] }),
    ]);
  });

  it.each([
    ['an empty upload', new Uint8Array(), 'file', /expected its CSV export/],
    ['a row with too few columns', zip({ 'Habits.csv': `${MODERN}\n001,Read\n` }), 'Habits.csv line 2', /expected 12 columns, found 2/],
    ['an unknown habit type', zip({ 'Habits.csv': `${MODERN}\n001,Read,7,,,1,1,3,,0,0,false\n` }), 'Habits.csv line 2 Type', /unknown habit type "7"/],
    ['a position that is not a number', zip({ 'Habits.csv': `${MODERN}\nfirst,Read,0,,,1,1,3,,0,0,false\n` }), 'Habits.csv line 2 Position', /whole number/],
    ['a target that is not a number', zip({ 'Habits.csv': `${MODERN}\n001,Water,1,,,1,1,3,L,0,lots,false\n` }), 'Habits.csv line 2 Target Value', /expected a number/],
    ['an unreadable colour', zip({ 'Habits.csv': `${MODERN}\n001,Read,0,,,1,1,teal,,0,0,false\n` }), 'Habits.csv line 2 Color', /unreadable colour/],
    ['broken CSV quoting', zip({ 'Habits.csv': `${MODERN}\n001,"Read,0\n` }), 'Habits.csv', /unreadable CSV/],
    [
      'a check-mark without a value',
      zip({ 'Habits.csv': `${MODERN}\n001,Read,0,,,1,1,3,,0,0,false\n`, '001 Read/Checkmarks.csv': '2026-01-01\n' }),
      '001 Read/Checkmarks.csv line 1',
      /a date and a value/,
    ],
    [
      'an unreadable value',
      zip({ 'Habits.csv': `${MODERN}\n001,Read,0,,,1,1,3,,0,0,false\n`, '001 Read/Checkmarks.csv': '2026-01-01,maybe\n' }),
      '001 Read/Checkmarks.csv line 1',
      /unreadable check-mark value "maybe"/,
    ],
    [
      'a negative amount',
      zip({ 'Habits.csv': `${MODERN}\n001,Water,1,,,1,1,3,L,0,2,false\n`, '001 Water/Checkmarks.csv': 'Date,Value,Notes\n2026-01-01,-5,\n' }),
      '001 Water/Checkmarks.csv line 2',
      /negative amount/,
    ],
    [
      'a manual check on a numeric habit',
      zip({ 'Habits.csv': `${MODERN}\n001,Water,1,,,1,1,3,L,0,2,false\n`, '001 Water/Checkmarks.csv': 'Date,Value,Notes\n2026-01-01,YES_MANUAL,\n' }),
      '001 Water/Checkmarks.csv line 2',
      /records an amount/,
    ],
    ['a SQLite header on garbage', Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(200, 7)]), 'file', /unreadable/],
    [
      'a backup with a text value',
      backup(`create table Habits (id integer, name text, freq_num integer, freq_den integer); create table Repetitions (habit integer, timestamp integer, value text);
              insert into Habits values (1, 'Read', 1, 1); insert into Repetitions values (1, 1767225600000, 'yes');`),
      'Repetitions of habit 1 at 1767225600000',
      /value is not a number/,
    ],
    [
      'a backup with a text frequency',
      backup(`create table Habits (id integer, name text, freq_num integer, freq_den integer); create table Repetitions (habit integer, timestamp integer);
              insert into Habits values (1, 'Read', 'daily', 1);`),
      'Habits row id 1',
      /frequency is not a number/,
    ],
    [
      'a backup whose Habits is not a table',
      backup(`create table Repetitions (habit integer, timestamp integer); create view Habits as select 1 as id;`),
      'file',
      /no Habits and Repetitions tables/,
    ],
  ])('refuses %s', (_label, file, field, message) => {
    const problem = failure(file);
    expect(problem.field).toBe(field);
    expect(problem.message).toMatch(message);
  });
});

describe('loopImportPlan', () => {
  it('keeps the later of two rows for a day, counts what it leaves out, and clips texts the API would refuse', () => {
    const plan = loopImportPlan({
      format: 'db',
      habits: [
        habit({
          name: `${'n'.repeat(120)}`,
          question: 'Did you read?',
          unit: 'pages',
          color: 99,
          uuid: 'abc',
          entries: [
            { date: '2026-01-02', mark: 'done', amount: null, notes: 'x'.repeat(2100), where: 'a' },
            { date: '2026-01-01', mark: 'done', amount: null, notes: null, where: 'b' },
            { date: '2026-01-01', mark: 'skip', amount: null, notes: null, where: 'c' },
            { date: '2026-01-03', mark: 'derived', amount: null, notes: 'kept nowhere', where: 'd' },
          ],
        }),
      ],
    });
    const [imported] = plan.habits;
    expect(plan.skipped).toBe(2);
    expect(imported!.fields).toMatchObject({ name: 'n'.repeat(100), description: 'Did you read?', color: null, unit: null, externalId: 'loop-uuid:abc' });
    expect(imported!.match.externalIds).toEqual(['loop-uuid:abc', `loop:001 ${'n'.repeat(120)}`]);
    expect(imported!.days).toEqual([
      { date: '2026-01-01', status: 'skipped', value: 0, notes: null },
      { date: '2026-01-02', status: 'done', value: 1, notes: 'x'.repeat(2000) },
    ]);
    expect(imported!.dayWhere).toEqual(['c', 'a']);
  });

  it('maps palette indexes and refuses what it cannot represent', () => {
    expect(loopImportPlan({ format: 'db', habits: [habit({ color: 11 })] }).habits[0]!.fields.color).toBe(LOOP_PALETTE[11]);
    expect(loopImportPlan({ format: 'db', habits: [habit({ color: 'teal' })] }).habits[0]!.fields.color).toBeNull();
    expect(() => loopImportPlan({ format: 'db', habits: [habit({ name: '  ' })] })).toThrow('a habit without a name');
    expect(() => loopImportPlan({ format: 'db', habits: [habit({ numeric: true, numerator: 2, denominator: 7, targetValue: 1 })] })).toThrow(
      'once per period',
    );
  });
});
