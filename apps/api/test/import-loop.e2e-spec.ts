import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { IMPORT_LIMIT_BYTES } from '../src/bootstrap.js';
import {
  LOOP,
  PALETTE_HEX,
  history,
  loopBackup,
  loopCsvFiles,
  multipart,
  random,
  zip,
  type FixtureHabit,
} from './loop-fixtures.js';
import { rows, startApi, type TestApi } from './support.js';

const TODAY = '2026-11-24';

/** A SQLite file made by `sql`, as bytes. */
function sqlite(sql: string, base?: Buffer): Buffer {
  const db = new Database(base ?? ':memory:');
  db.exec(sql);
  const bytes = db.serialize();
  db.close();
  return bytes;
}

const withRow = (backup: Buffer, sql: string) => sqlite(sql, backup);
const FROM = '2025-09-01';

/** A varied Loop history: every schedule kind, numeric habits, skips, automatic check-marks, notes, non-Latin names. */
function loopHabits(): FixtureHabit[] {
  const rand = random(20261124);
  const boolean = (pDone: number, pSkip: number, autoAfter = 0) =>
    history(FROM, TODAY, () => {
      const r = rand();
      return r < pDone ? LOOP.YES_MANUAL : r < pDone + pSkip ? LOOP.SKIP : autoAfter && r > 1 - autoAfter ? LOOP.YES_AUTO : LOOP.NO;
    });
  const amounts = (max: number, pMissing: number, pSkip = 0) =>
    history(FROM, TODAY, () => {
      const r = rand();
      return r < pMissing ? null : r < pMissing + pSkip ? LOOP.SKIP : Math.round(rand() * max) * 250;
    });
  const meditate = boolean(0.72, 0.05);
  const doneDates = [...meditate].filter(([, value]) => value === LOOP.YES_MANUAL).map(([date]) => date);
  const noDate = [...meditate].find(([, value]) => value === LOOP.NO)![0];
  return [
    {
      name: 'Meditate',
      question: 'Did you meditate today?',
      description: 'Ten minutes, eyes closed',
      numerator: 1,
      denominator: 1,
      color: 7,
      uuid: '6f6e2a1c9d3e4b0f8a7c5e4d3c2b1a09',
      values: meditate,
      notes: new Map([
        [doneDates[3]!, 'calm, "focused", and awake'],
        [doneDates[40]!, 'Zeilenumbruch\nzweite Zeile'],
        [noDate, 'forgot: a note on a day Loop counts as not done'],
      ]),
    },
    { name: 'Run, "fast"', numerator: 3, denominator: 7, color: 2, uuid: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', values: boolean(0.4, 0.04, 0.3) },
    { name: '読書 📚', description: 'Один час', numerator: 2, denominator: 10, color: 5, values: boolean(0.22, 0.03, 0.5) },
    { name: 'Call home', numerator: 4, denominator: 30, color: 3, archived: true, values: boolean(0.15, 0, 0.6) },
    { name: 'Water', numerator: 1, denominator: 1, numeric: true, target: 2, unit: 'L', color: 4, values: amounts(12, 0.1) },
    { name: 'Distance', numerator: 1, denominator: 7, numeric: true, target: 20.5, unit: 'km', color: 6, values: amounts(40, 0.5) },
    { name: 'Sugar', numerator: 1, denominator: 1, numeric: true, atMost: true, target: 30, unit: 'g', color: 1, values: amounts(200, 0.2) },
  ];
}

describe('POST /import/loop', () => {
  let api: TestApi;
  const fixtures = loopHabits();

  beforeAll(async () => {
    api = await startApi({ now: `${TODAY}T12:00:00Z` });
  });
  afterAll(() => api.close());

  const upload = (token: string, file: Buffer, filename = 'Loop Habits CSV 2026-11-24.zip') =>
    api.request('POST', '/api/v1/import/loop', { token, ...multipart(file, { filename }) });

  /** Everything an import can write, as the database holds it. */
  const dump = async (userId: number) => ({
    habits: await rows(api, 'select * from habits where user_id = ? order by id', [userId]),
    completions: await rows(api, 'select c.* from habit_completions c join habits h on h.id = c.habit_id where h.user_id = ? order by c.id', [userId]),
    streaks: await rows(api, 'select s.* from streaks s join habits h on h.id = s.habit_id where h.user_id = ? order by s.habit_id', [userId]),
  });

  const written = async () => ({
    habits: (await rows<{ n: number }>(api, 'select count(*) as n from habits'))[0]!.n,
    completions: (await rows<{ n: number }>(api, 'select count(*) as n from habit_completions'))[0]!.n,
  });

  /** Each imported habit's scores, day by day, against the Scores.csv Loop wrote, to Loop's 4 decimals. */
  async function expectLoopScores(token: string, files: Record<string, string>) {
    const habits = (await api.request('GET', '/api/v1/habits?archived=all', { token })).body.items as { id: number; name: string }[];
    for (const [i, fixture] of fixtures.entries()) {
      const habit = habits.find((item) => item.name === fixture.name)!;
      const scoresCsv = Object.entries(files).find(([name]) => name.startsWith(String(i + 1).padStart(3, '0')) && name.endsWith('Scores.csv'))![1];
      const expected = scoresCsv.split('\n').map((line) => line.split(','));
      const first = expected.at(-1)![0]!;
      const { body } = await api.request('GET', `/api/v1/habits/${habit.id}/scores?from=${first}&to=${TODAY}`, { token });
      const actual = new Map((body.items as { date: string; score: number }[]).map((point) => [point.date, point.score]));
      expect(expected.length).toBeGreaterThan(400);
      for (const [date, score] of expected) {
        // The API reports 6 decimals; Loop rounded the same number to 4.
        if (Math.abs(actual.get(date!)! - Number(score)) > 0.00005 + 1e-9) throw new Error(`${fixture.name} ${date}: Loop ${score}, imported ${actual.get(date!)}`);
      }
    }
  }

  it('imports a v2.3.1+ CSV export: habits, schedules, history and the very scores Loop showed; a second upload changes nothing', async () => {
    const { token, id } = await api.register('csvuser');
    const files = loopCsvFiles('v231', fixtures, TODAY);
    const reply = await upload(token, zip(files));
    expect(reply.status).toBe(200);
    const storedDays = fixtures.flatMap((habit) => [...habit.values.values()].filter((value) => (habit.numeric ? value !== LOOP.UNKNOWN : value === LOOP.YES_MANUAL || value === LOOP.SKIP)));
    const allRows = fixtures.reduce((sum, habit) => sum + habit.values.size, 0);
    expect(reply.body).toEqual({
      habits: { created: 7, updated: 0, unchanged: 0 },
      completions: { created: storedDays.length, updated: 0, unchanged: 0 },
      skipped: allRows - storedDays.length,
    });

    const { items } = (await api.request('GET', '/api/v1/habits?archived=all', { token })).body;
    expect(items.map((habit: Record<string, unknown>) => [habit.name, habit.type, habit.goalType, habit.timesPerPeriod, habit.periodDays, habit.targetValue, habit.targetType, habit.unit, habit.archived, habit.color])).toEqual([
      ['Meditate', 'boolean', 'daily', 1, null, null, 'at_least', null, false, PALETTE_HEX[7]],
      ['Run, "fast"', 'boolean', 'custom', 3, 7, null, 'at_least', null, false, PALETTE_HEX[2]],
      ['読書 📚', 'boolean', 'custom', 2, 10, null, 'at_least', null, false, PALETTE_HEX[5]],
      ['Call home', 'boolean', 'custom', 4, 30, null, 'at_least', null, true, PALETTE_HEX[3]],
      ['Water', 'numeric', 'daily', 1, null, 2, 'at_least', 'L', false, PALETTE_HEX[4]],
      ['Distance', 'numeric', 'custom', 1, 7, 20.5, 'at_least', 'km', false, PALETTE_HEX[6]],
      ['Sugar', 'numeric', 'daily', 1, null, 30, 'at_most', 'g', false, PALETTE_HEX[1]],
    ]);
    expect(items[0].description).toBe('Did you meditate today?\n\nTen minutes, eyes closed');
    expect(items[2].description).toBe('Один час');

    const meditate = items[0].id;
    const days = await rows<{ completion_date: string; status: string; value: number; notes: string | null }>(
      api,
      'select completion_date, status, value, notes from habit_completions where habit_id = ? order by completion_date',
      [meditate],
    );
    const expected = [...fixtures[0]!.values].filter(([, value]) => value === LOOP.YES_MANUAL || value === LOOP.SKIP).sort(([a], [b]) => (a < b ? -1 : 1));
    expect(days.map((day) => [day.completion_date, day.status, day.value])).toEqual(
      expected.map(([date, value]) => [date, value === LOOP.SKIP ? 'skipped' : 'done', value === LOOP.SKIP ? 0 : 1]),
    );
    const notes = days.filter((day) => day.notes).map((day) => day.notes);
    expect(notes).toEqual(['calm, "focused", and awake', 'Zeilenumbruch\nzweite Zeile']);

    const water = items[4].id;
    const amounts = await rows<{ completion_date: string; value: number }>(api, 'select completion_date, value from habit_completions where habit_id = ? order by completion_date', [water]);
    expect(amounts.map((day) => [day.completion_date, day.value])).toEqual(
      [...fixtures[4]!.values].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, value]) => [date, value / 1000]),
    );

    await expectLoopScores(token, files);

    const before = await dump(id);
    const again = await upload(token, zip(files));
    expect(again.status).toBe(200);
    expect(again.body.habits).toEqual({ created: 0, updated: 0, unchanged: 7 });
    expect(again.body.completions).toEqual({ created: 0, updated: 0, unchanged: storedDays.length });
    expect(await dump(id)).toEqual(before);
  });

  it('reads v1.x and v2.0–2.3.0 exports: headerless check-marks, folders matched by number whatever their names', async () => {
    const boolean = fixtures.filter((habit) => !habit.numeric).map((habit) => ({ ...habit, notes: new Map<string, string>() }));
    for (const generation of ['v1', 'v2'] as const) {
      const { token } = await api.register(`old${generation}`);
      const files = loopCsvFiles(generation, boolean, TODAY);
      // Loop names folders after habits as they were; renamed habits keep the old folder name.
      const renamed = Object.fromEntries(Object.entries(files).map(([name, content]) => [name.replace(/^002 [^/]*/, '002 Jogging'), content]));
      const reply = await upload(token, zip(renamed));
      expect(reply.status).toBe(200);
      expect(reply.body.habits.created).toBe(4);
      const { items } = (await api.request('GET', '/api/v1/habits?archived=all', { token })).body;
      expect(items.map((habit: { name: string; archived: boolean }) => [habit.name, habit.archived])).toEqual(boolean.map((habit) => [habit.name, false]));
      expect(items[0].description).toBe(generation === 'v1' ? 'Ten minutes, eyes closed' : 'Did you meditate today?\n\nTen minutes, eyes closed');
      const run = await rows<{ n: number }>(api, `select count(*) as n from habit_completions where habit_id = ?`, [items[1].id]);
      expect(run[0]!.n).toBe([...boolean[1]!.values.values()].filter((value) => value === LOOP.YES_MANUAL || value === LOOP.SKIP).length);
    }
  });

  it('imports a .db backup (schema 25 and an old schema) with its uuids and notes; re-uploads and CSV-then-backup match the same habits', async () => {
    const { token, id } = await api.register('dbuser');
    const backup = loopBackup(fixtures);
    const reply = await upload(token, backup, 'Loop Habits Backup 2026-11-24.db');
    expect(reply.status).toBe(200);
    expect(reply.body.habits.created).toBe(7);
    const { items } = (await api.request('GET', '/api/v1/habits?archived=all', { token })).body;
    expect(items.map((habit: { name: string }) => habit.name)).toEqual(fixtures.map((habit) => habit.name));
    expect(items[3].archived).toBe(true);
    expect(items[6]).toMatchObject({ type: 'numeric', targetType: 'at_most', targetValue: 30, unit: 'g' });
    const external = await rows<{ external_id: string }>(api, 'select external_id from habits where user_id = ? order by id', [id]);
    expect(external.map((row) => row.external_id)).toEqual([
      'loop-uuid:6f6e2a1c9d3e4b0f8a7c5e4d3c2b1a09',
      'loop-uuid:a1b2c3d4e5f60718293a4b5c6d7e8f90',
      'loop:003 読書 📚',
      'loop:004 Call home',
      'loop:005 Water',
      'loop:006 Distance',
      'loop:007 Sugar',
    ]);
    const noted = await rows<{ notes: string }>(api, 'select notes from habit_completions where habit_id = ? and notes is not null', [items[0].id]);
    expect(noted.map((row) => row.notes).sort()).toEqual(['Zeilenumbruch\nzweite Zeile', 'calm, "focused", and awake']);
    await expectLoopScores(token, loopCsvFiles('v231', fixtures, TODAY));

    const before = await dump(id);
    expect((await upload(token, backup, 'again.db')).body.completions.created).toBe(0);
    expect(await dump(id)).toEqual(before);

    const { token: both, id: bothId } = await api.register('csvthendb');
    await upload(both, zip(loopCsvFiles('v231', fixtures, TODAY)));
    const second = await upload(both, backup, 'backup.db');
    expect(second.body.habits).toEqual({ created: 0, updated: 2, unchanged: 5 });
    expect(second.body.completions.created).toBe(0);
    expect((await rows(api, 'select id from habits where user_id = ?', [bothId])).length).toBe(7);

    const { token: old } = await api.register('oldbackup');
    const oldReply = await upload(old, loopBackup(fixtures.filter((habit) => !habit.numeric), { version: 12 }), 'old.db');
    expect(oldReply.status).toBe(200);
    expect(oldReply.body.habits.created).toBe(4);
    expect(oldReply.body.completions.created).toBe(
      fixtures.filter((habit) => !habit.numeric).reduce((sum, habit) => sum + [...habit.values.values()].filter((value) => value === LOOP.YES_MANUAL).length, 0),
    );
  });

  it('refuses what is not a Loop export, or a broken one, with a 400 that says where, and writes nothing', async () => {
    const { token } = await api.register('malformed');
    const good = loopCsvFiles('v231', fixtures.slice(0, 2), TODAY);
    const checkmarks = Object.keys(good).find((name) => name.startsWith('002') && name.endsWith('Checkmarks.csv'))!;
    const emptyDb = loopBackup([]);
    const cases: [string, Buffer, string][] = [
      ['random bytes', Buffer.from('definitely not a zip'), 'file'],
      ['a broken zip', zip(good).subarray(0, 200), 'file'],
      ['a zip without Habits.csv', zip({ 'notes.txt': 'hello' }), 'file'],
      ['an unknown Habits.csv header', zip({ ...good, 'Habits.csv': 'Name,Frequency\nRead,daily\n' }), 'Habits.csv'],
      ['a bad date in the second habit', zip({ ...good, [checkmarks]: 'Date,Value,Notes\n2026-02-30,YES_MANUAL,\n' }), `${checkmarks} line 2`],
      ['an unknown check-mark value', zip({ ...good, [checkmarks]: 'Date,Value,Notes\n2026-02-03,7,\n' }), `${checkmarks} line 2`],
      [
        'a huge numeric value',
        zip(loopCsvFiles('v231', [{ name: 'Water', numerator: 1, denominator: 1, numeric: true, target: 2, values: new Map([['2026-01-01', 1e15]]) }], TODAY)),
        '001 Water/Checkmarks.csv line 2',
      ],
      ['a SQLite file that is not Loop', sqlite('create table notes (id integer primary key, body text)'), 'file'],
      ['a backup from a newer Loop', sqlite('create table Habits (id integer); create table Repetitions (id integer); pragma user_version = 26'), 'file'],
      ['a backup without frequencies', sqlite('create table Habits (id integer, name text); create table Repetitions (habit integer, timestamp integer)'), 'file'],
      ['a backup with a timestamp inside a day', withRow(emptyDb, 'insert into Habits (name, freq_num, freq_den, position) values (1, 1, 1, 0); insert into Repetitions (habit, timestamp, value, notes) values (1, 1764000000001, 2, null)'), 'Repetitions of habit 1 at 1764000000001'],
    ];
    const before = await written();
    for (const [label, file, field] of cases) {
      const reply = await upload(token, file);
      expect([label, reply.status]).toEqual([label, 400]);
      expect([label, reply.body.details?.[0]?.field]).toEqual([label, field]);
      expect(await written()).toEqual(before);
    }
  });

  it('rolls back everything on a day after today (422), needs multipart (415) and caps uploads at 50 MiB (413)', async () => {
    const { token } = await api.register('limits');
    const before = await written();
    const future = fixtures.slice(0, 2).map((habit, i) => (i === 1 ? { ...habit, values: new Map([...habit.values, ['2026-11-25', LOOP.YES_MANUAL]]) } : habit));
    const reply = await upload(token, zip(loopCsvFiles('v231', future, TODAY)));
    expect(reply.status).toBe(422);
    expect(reply.body.details).toEqual([{ field: expect.stringMatching(/^002 .*Checkmarks\.csv line 2$/), message: '2026-11-25 is after your logical today (2026-11-24)' }]);
    expect(await written()).toEqual(before);

    const json = await api.request('POST', '/api/v1/import/loop', { token, body: { file: 'x' } });
    expect(json.status).toBe(415);
    expect(json.body.details).toEqual([{ field: 'file', message: 'send the file as multipart/form-data in the field "file"' }]);
    const wrongField = await api.request('POST', '/api/v1/import/loop', { token, ...multipart(zip(loopCsvFiles('v231', fixtures, TODAY)), { field: 'upload' }) });
    expect(wrongField.status).toBe(415);

    const huge = await upload(token, Buffer.alloc(IMPORT_LIMIT_BYTES + 1024, 0x41));
    expect(huge.status).toBe(413);
    expect(await written()).toEqual(before);
    expect((await api.request('POST', '/api/v1/import/loop', multipart(zip({})))).status).toBe(401);
  });

  it('keeps days in Loop time: backup timestamps are UTC midnights of the local date, whatever the user time zone', async () => {
    const { token } = await api.register('auckland', { timezone: 'Pacific/Auckland' });
    const values = new Map([
      ['2026-11-20', LOOP.YES_MANUAL],
      ['2026-11-21', LOOP.SKIP],
    ]);
    const reply = await upload(token, loopBackup([{ name: 'Stretch', numerator: 1, denominator: 1, values }]), 'b.db');
    expect(reply.status).toBe(200);
    const days = await rows<{ completion_date: string; status: string }>(api, 'select completion_date, status from habit_completions c join habits h on h.id = c.habit_id where h.name = ?', ['Stretch']);
    expect(days).toEqual([
      { completion_date: '2026-11-20', status: 'done' },
      { completion_date: '2026-11-21', status: 'skipped' },
    ]);
  });
});
