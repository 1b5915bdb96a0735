import { beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { strToU8, zipSync } from 'fflate';
import { dayWhere, emptySkipCounts, type ImportPlan } from './import-plan.js';
import { loopImportedHabit } from './loop-mapping.js';
import { LOOP_PALETTE, loopColorIndex, nearestLoopColorIndex } from './loop-palette.js';
import { LoopFormatError, loopHabits, type LoopEntry, type LoopHabit } from './loop-reader.js';

const MODERN =
  'Position,Name,Type,Question,Description,FrequencyNumerator,FrequencyDenominator,Color,Unit,Target Type,Target Value,Archived?';

const zip = (files: Record<string, string>) =>
  zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])));

function backup(sql: string): Uint8Array {
  const db = new Database(':memory:');
  db.exec(sql);
  const bytes = db.serialize();
  db.close();
  return bytes;
}

/** A file's habits in the file's order, however the reader gives them. */
function readLoopExport(file: Uint8Array): { habits: LoopHabit[] } {
  const habits: LoopHabit[] = [];
  for (const { index, habit } of loopHabits(file)) habits[index] = habit;
  return { habits };
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
  rowsWhere: '001 Read/Checkmarks.csv line ',
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
    const { habits } = readLoopExport(
      zip({
        'Loop Habits CSV 2026-11-24/Habits.csv': `${MODERN}\n001,Read,0,Read?,,1,1,3,,0,0,false\n002,Water,1,,,1,7,#00897b,L,1,2.5,1\n003,Tea,1,,,1,1,,cups,0,2,0\n`,
        'Loop Habits CSV 2026-11-24/001 Read/Checkmarks.csv':
          'Date,Value,Notes\n2026-01-04,UNKNOWN,Vacation\n2026-01-03,NO,Sick\n2026-01-02,yes_auto,\n2026-01-01,YES_MANUAL,good\n',
        'Loop Habits CSV 2026-11-24/002 Water/Checkmarks.csv':
          'Date,Value,Notes\n2026-01-05,NO,\n2026-01-04,YES_MANUAL,\n2026-01-03,UNKNOWN,\n2026-01-02,SKIP,ill\n2026-01-01,2500,\n',
        'Loop Habits CSV 2026-11-24/003 Tea/Checkmarks.csv': '2026-01-03,-1\n2026-01-02,3\n2026-01-01,3000\n',
        'elsewhere/003 Other/Checkmarks.csv': '2026-01-01,2\n',
      }),
    );
    expect(habits[0]).toMatchObject({
      name: 'Read',
      question: 'Read?',
      numeric: false,
      color: '#FF8F00',
      archived: false,
      atMost: false,
    });
    expect(habits[0]!.entries.map(({ date, kind, notes }) => [date, kind, notes])).toEqual([
      ['2026-01-04', 'unknown', 'Vacation'],
      ['2026-01-03', 'no', 'Sick'],
      ['2026-01-02', 'auto', null],
      ['2026-01-01', 'done', 'good'],
    ]);
    expect(habits[1]).toMatchObject({
      numeric: true,
      denominator: 7,
      color: '#00897B',
      unit: 'L',
      atMost: true,
      targetValue: 2.5,
      archived: true,
    });
    // Loop 2.3.1+ names a numeric habit's stored 0 and 2 as NO and YES_MANUAL: amounts 0 and 0.002.
    expect(habits[1]!.entries.map(({ kind, amount }) => [kind, amount])).toEqual([
      ['done', 0],
      ['done', 0.002],
      ['unknown', null],
      ['skip', null],
      ['done', 2.5],
    ]);
    // Without names (Loop up to 2.3.0, and backups) 3 and -1 are Loop's codes for a skip and an unknown day.
    expect(habits[2]!.entries.map(({ kind, amount }) => [kind, amount])).toEqual([
      ['unknown', null],
      ['skip', null],
      ['done', 3],
    ]);
  });

  it('ties a folder to its habit by number even when the name leaves nothing after sanitizing, and refuses a folder of no habit', () => {
    const habits = readLoopExport(
      zip({
        'Habits.csv': `${MODERN}\n001,運動,YES_NO,,,1,1,#D32F2F,,,,false\n`,
        '001/Checkmarks.csv': 'Date,Value,Notes\n2026-01-01,YES_MANUAL,\n',
      }),
    ).habits;
    expect(habits[0]!.entries).toHaveLength(1);
    const orphan = failure(
      zip({
        'Habits.csv': `${MODERN}\n001,Read,YES_NO,,,1,1,#D32F2F,,,,false\n`,
        '002 Run/Checkmarks.csv': 'Date,Value,Notes\n2026-01-01,YES_MANUAL,\n',
      }),
    );
    expect(orphan).toEqual({
      field: '002 Run/Checkmarks.csv',
      message: expect.stringMatching(/habit 2, which Habits.csv does not list/),
    });
  });

  it('reads the oldest CSV header, whose Description is the question', () => {
    const habits = readLoopExport(
      zip({
        'Habits.csv': 'Position,Name,Description,NumRepetitions,Interval,Color\n001,Read,Did you read?,3,7,#aaaaaa\n',
      }),
    ).habits;
    expect(habits[0]).toMatchObject({
      question: 'Did you read?',
      description: null,
      numerator: 3,
      denominator: 7,
      color: '#AAAAAA',
    });
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
    expect(db.habits).toEqual([
      expect.objectContaining({
        position: 1,
        name: 'Floss',
        color: null,
        uuid: null,
        entries: [expect.objectContaining({ date: '2026-01-01', kind: 'done' })],
      }),
    ]);
  });

  it("gives a backup's habits in their positions whatever their ids, each with its own days sorted by date", () => {
    const { habits } = readLoopExport(
      backup(`
        create table Habits (id integer, name text, freq_num integer, freq_den integer, position integer);
        create table Repetitions (habit integer, timestamp integer);
        insert into Habits values (9, 'First', 1, 1, 0), (2, 'Empty', 1, 1, 1), (5, 'Twin', 1, 1, 2), (5, 'Twin too', 1, 1, 3);
        insert into Repetitions values (5, 1767312000000), (9, 1767398400000), (5, 1767225600000), (9, 1767225600000);
        pragma user_version = 25;
      `),
    );
    expect(habits.map((habit) => [habit.name, habit.entries.map((entry) => [entry.date, entry.row])])).toEqual([
      [
        'First',
        [
          ['2026-01-01', 4],
          ['2026-01-03', 2],
        ],
      ],
      ['Empty', []],
      [
        'Twin',
        [
          ['2026-01-01', 3],
          ['2026-01-02', 1],
        ],
      ],
      [
        'Twin too',
        [
          ['2026-01-01', 3],
          ['2026-01-02', 1],
        ],
      ],
    ]);
    expect(habits.map((habit) => habit.position)).toEqual([1, 2, 3, 4]);
  });

  it('reads an ActiveAndroid-era backup: columns in any case (Id), ARGB colours, the question in description', () => {
    const { habits } = readLoopExport(
      backup(`
        create table Habits (Id integer primary key autoincrement, Name text, Description text, Freq_Num integer, Freq_Den integer, Color integer, Position integer, Archived integer);
        create table Repetitions (Id integer primary key autoincrement, Habit integer, Timestamp integer);
        insert into Habits values (0, 'Vegan', 'Vegan today?', 1, 1, -16742021, 0, 0), (1, 'Vegan', null, 3, 7, -123, 1, 1);
        insert into Repetitions (Habit, Timestamp) values (0, 1767225600000), (0, 1767312000000), (1, 1767225600000);
        pragma user_version = 8;
      `),
    );
    expect(
      habits.map(({ name, question, color, archived, entries }) => [name, question, color, archived, entries.length]),
    ).toEqual([
      ['Vegan', 'Vegan today?', '#00897B', false, 2],
      // An ARGB value outside Loop's list became its first colour in migration 14.
      ['Vegan', null, '#D32F2F', true, 1],
    ]);
  });

  it("maps each generation of colour numbers as Loop's migrations 14 and 21 do", () => {
    expect(loopColorIndex(-16742021, 13)).toBe(8);
    expect(loopColorIndex(-5592406, 8)).toBe(19);
    expect(loopColorIndex(2, 16)).toBe(4);
    expect(loopColorIndex(12, 20)).toBe(19);
    expect(loopColorIndex(40, 20)).toBe(0);
    expect(loopColorIndex(12, 21)).toBe(12);
    expect(loopColorIndex(40, 25)).toBeNull();
    expect(nearestLoopColorIndex('#00897B')).toBe(8);
    expect(nearestLoopColorIndex('#AAAAAA')).toBe(19);
    expect(nearestLoopColorIndex('#4CAF50')).toBe(7);
    expect(nearestLoopColorIndex(null)).toBe(8);
    expect(LOOP_PALETTE).toHaveLength(20);
  });

  it('refuses a repetition of a habit the backup does not hold, naming its row', () => {
    const problem = failure(
      backup(`create table Habits (id integer primary key, name text, freq_num integer, freq_den integer); create table Repetitions (habit integer, timestamp integer, value integer);
              insert into Habits values (1, 'Read', 1, 1); insert into Repetitions values (1, 1767225600000, 2), (7, 1767225600000, 2);`),
    );
    expect(problem).toEqual({
      field: 'Repetitions row 2',
      message: expect.stringMatching(/habit 7, which the Habits table does not hold/),
    });
  });

  it.each([
    ['an empty upload', new Uint8Array(), 'file', /expected its CSV export/],
    [
      'a row with too few columns',
      zip({ 'Habits.csv': `${MODERN}\n001,Read\n` }),
      'Habits.csv line 2',
      /expected 12 columns, found 2/,
    ],
    [
      'an unknown habit type',
      zip({ 'Habits.csv': `${MODERN}\n001,Read,7,,,1,1,3,,0,0,false\n` }),
      'Habits.csv line 2 Type',
      /unknown habit type "7"/,
    ],
    [
      'a position that is not a number',
      zip({ 'Habits.csv': `${MODERN}\nfirst,Read,0,,,1,1,3,,0,0,false\n` }),
      'Habits.csv line 2 Position',
      /whole number/,
    ],
    [
      'a target that is not a number',
      zip({ 'Habits.csv': `${MODERN}\n001,Water,1,,,1,1,3,L,0,lots,false\n` }),
      'Habits.csv line 2 Target Value',
      /expected a number/,
    ],
    [
      'an unreadable colour',
      zip({ 'Habits.csv': `${MODERN}\n001,Read,0,,,1,1,teal,,0,0,false\n` }),
      'Habits.csv line 2 Color',
      /unreadable colour/,
    ],
    ['broken CSV quoting', zip({ 'Habits.csv': `${MODERN}\n001,"Read,0\n` }), 'Habits.csv', /unreadable CSV/],
    [
      'a check-mark without a value',
      zip({ 'Habits.csv': `${MODERN}\n001,Read,0,,,1,1,3,,0,0,false\n`, '001 Read/Checkmarks.csv': '2026-01-01\n' }),
      '001 Read/Checkmarks.csv line 1',
      /a date and a value/,
    ],
    [
      'an unreadable value',
      zip({
        'Habits.csv': `${MODERN}\n001,Read,0,,,1,1,3,,0,0,false\n`,
        '001 Read/Checkmarks.csv': '2026-01-01,maybe\n',
      }),
      '001 Read/Checkmarks.csv line 1',
      /unreadable check-mark value "maybe"/,
    ],
    [
      'a negative amount',
      zip({
        'Habits.csv': `${MODERN}\n001,Water,1,,,1,1,3,L,0,2,false\n`,
        '001 Water/Checkmarks.csv': 'Date,Value,Notes\n2026-01-01,-5,\n',
      }),
      '001 Water/Checkmarks.csv line 2',
      /negative amount/,
    ],
    [
      'a SQLite header on garbage',
      Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(200, 7)]),
      'file',
      /unreadable/,
    ],
    [
      'a backup with a text value',
      backup(`create table Habits (id integer, name text, freq_num integer, freq_den integer); create table Repetitions (habit integer, timestamp integer, value text);
              insert into Habits values (1, 'Read', 1, 1); insert into Repetitions values (1, 1767225600000, 'yes');`),
      'Repetitions row 1',
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

describe(loopImportedHabit.name, () => {
  const planOf = (habits: LoopHabit[]): ImportPlan => {
    const skipped = emptySkipCounts();
    return { habits: habits.map((habit) => loopImportedHabit(habit, skipped)), skipped };
  };
  let row = 1;
  beforeEach(() => {
    row = 1;
  });
  const entry = (
    date: string,
    kind: LoopEntry['kind'],
    notes: string | null = null,
    amount: number | null = null,
  ): LoopEntry => ({
    date,
    kind,
    amount,
    notes,
    row: row++,
  });

  it('stores every day with something to keep, counts the rest by reason, keeps the first of two rows, clips long texts', () => {
    const plan = planOf([
      habit({
        name: `${'n'.repeat(120)}`,
        question: 'Did you read?',
        unit: 'pages',
        uuid: 'abc',
        entries: [
          entry('2026-01-01', 'done'),
          entry('2026-01-01', 'skip'),
          entry('2026-01-02', 'done', 'x'.repeat(2100)),
          entry('2026-01-03', 'auto'),
          entry('2026-01-04', 'auto', 'Vacation'),
          entry('2026-01-05', 'no'),
          entry('2026-01-06', 'no', 'Sick'),
          entry('2026-01-07', 'unknown'),
          entry('2026-01-08', 'unknown', '  spaced  '),
          entry('2026-01-09', 'skip', 'ill'),
        ],
      }),
    ]);
    const [imported] = plan.habits;
    expect(plan.skipped).toEqual({ automatic: 1, unknown: 1, duplicate: 1 });
    expect(imported!.fields).toMatchObject({
      name: 'n'.repeat(100),
      question: 'Did you read?',
      description: null,
      unit: null,
      externalId: 'loop-uuid:abc',
    });
    expect(imported!.match.externalIds).toEqual(['loop-uuid:abc', `loop:001 ${'n'.repeat(120)}`]);
    expect(imported!.days.map(({ date, status, notes }) => [date, status, notes])).toEqual([
      ['2026-01-01', 'done', null],
      ['2026-01-02', 'done', 'x'.repeat(2000)],
      ['2026-01-04', 'unmarked', 'Vacation'],
      ['2026-01-05', 'missed', null],
      ['2026-01-06', 'missed', 'Sick'],
      ['2026-01-08', 'unmarked', '  spaced  '],
      ['2026-01-09', 'skipped', 'ill'],
    ]);
    expect(imported!.days.map((_, i) => dayWhere(imported!, i))).toEqual(
      [1, 3, 5, 6, 7, 9, 10].map((line) => `001 Read/Checkmarks.csv line ${line}`),
    );
  });

  it("keeps a numeric habit's unknown days: Loop writes them out like any entry", () => {
    const plan = planOf([
      habit({
        numeric: true,
        targetValue: 2,
        entries: [entry('2026-01-01', 'unknown'), entry('2026-01-02', 'done', null, 0)],
      }),
    ]);
    expect(plan.habits[0]!.days.map(({ status, value }) => [status, value])).toEqual([
      ['missed', 0],
      ['done', 0],
    ]);
  });

  it('refuses what it cannot represent', () => {
    expect(() => planOf([habit({ name: '  ' })])).toThrow('a habit without a name');
    expect(() => planOf([habit({ numeric: true, numerator: 2, denominator: 7, targetValue: 1 })])).toThrow(
      'once per period',
    );
  });
});
