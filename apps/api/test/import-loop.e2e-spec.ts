import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { IMPORT_LIMIT_BYTES } from '../src/bootstrap.js';
import { parse } from 'csv-parse/sync';
import { addDays } from '@streakforge/core';
import { strFromU8, unzipSync } from 'fflate';
import {
  LOOP,
  PALETTE_HEX,
  dateOf,
  dayOf,
  history,
  loopBackup,
  loopComputed,
  loopCsvFiles,
  loopLongestStreak,
  loopScores,
  loopScoresFrom,
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

/**
 * A varied Loop history as a user entered it: every schedule kind, numeric habits, skips, manual "no" days, notes on
 * every kind of day (done, skipped, "no", one with only a note, automatic), non-Latin names, two habits of one name.
 */
function loopHabits(): FixtureHabit[] {
  const rand = random(20261124);
  const boolean = (pDone: number, pSkip: number, pNo: number) =>
    history(FROM, TODAY, () => {
      const r = rand();
      return r < pDone ? LOOP.YES_MANUAL : r < pDone + pSkip ? LOOP.SKIP : r < pDone + pSkip + pNo ? LOOP.NO : null;
    });
  const amounts = (max: number, pMissing: number, pSkip = 0, pUnknown = 0) =>
    history(FROM, TODAY, () => {
      const r = rand();
      if (r < pMissing) return null;
      if (r < pMissing + pSkip) return LOOP.SKIP;
      if (r < pMissing + pSkip + pUnknown) return LOOP.UNKNOWN;
      return Math.round(rand() * max) * 250;
    });
  const meditate = boolean(0.72, 0.05, 0.1);
  const datesOf = (values: Map<string, number>, value: number) =>
    [...values].filter(([, v]) => v === value).map(([date]) => date);
  const blank = [...history(FROM, TODAY, () => 1).keys()].filter((date) => !meditate.has(date));
  meditate.set(blank[5]!, LOOP.UNKNOWN);
  const run = boolean(0.4, 0.04, 0.1);
  const water = amounts(12, 0.1, 0, 0.03);
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
        [datesOf(meditate, LOOP.YES_MANUAL)[3]!, 'calm, "focused", and awake'],
        [datesOf(meditate, LOOP.YES_MANUAL)[40]!, 'Zeilenumbruch\nzweite Zeile'],
        [datesOf(meditate, LOOP.NO)[0]!, 'Sick'],
        [datesOf(meditate, LOOP.SKIP)[0]!, 'Vacation'],
        [blank[5]!, 'only a note on this day'],
      ]),
    },
    {
      name: 'Run, "fast"',
      numerator: 3,
      denominator: 7,
      color: 2,
      uuid: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
      values: run,
      // Some of these "no" days lie inside Loop's automatic intervals: the note shows on an automatic check-mark.
      notes: new Map(
        datesOf(run, LOOP.NO)
          .slice(0, 12)
          .map((date, i) => [date, `no run ${i}`]),
      ),
    },
    {
      name: '読書 📚',
      description: 'Один час',
      numerator: 2,
      denominator: 10,
      color: 5,
      values: boolean(0.22, 0.03, 0.05),
    },
    { name: 'Call home', numerator: 4, denominator: 30, color: 3, archived: true, values: boolean(0.15, 0, 0.02) },
    {
      name: 'Water',
      question: 'How much water?',
      numerator: 1,
      denominator: 1,
      numeric: true,
      target: 2,
      unit: 'L',
      color: 4,
      values: water,
      notes: new Map([[datesOf(water, LOOP.UNKNOWN)[0]!, 'bottle lost']]),
    },
    {
      name: 'Distance',
      numerator: 1,
      denominator: 7,
      numeric: true,
      target: 20.5,
      unit: 'km',
      color: 6,
      values: amounts(40, 0.5),
    },
    {
      name: 'Sugar',
      numerator: 1,
      denominator: 1,
      numeric: true,
      atMost: true,
      target: 30,
      unit: 'g',
      color: 1,
      values: amounts(200, 0.2),
    },
    { name: 'Vegan', numerator: 1, denominator: 1, color: 19, values: boolean(0.5, 0, 0) },
    { name: 'Vegan', numerator: 5, denominator: 7, color: 10, values: boolean(0.6, 0.05, 0.05) },
  ];
}

/** The days an import of Loop's CSV export stores: its rows but automatic check-marks without a note. */
const storedFromCsv = (habit: FixtureHabit) =>
  loopComputed(habit).filter((entry) => habit.numeric || entry.value !== LOOP.YES_AUTO || entry.notes !== '');
const statusOf = (habit: FixtureHabit, value: number, notes: string) =>
  value === LOOP.SKIP
    ? 'skipped'
    : habit.numeric
      ? value === LOOP.UNKNOWN
        ? notes
          ? 'unmarked'
          : 'missed'
        : 'done'
      : value === LOOP.YES_MANUAL
        ? 'done'
        : value === LOOP.NO
          ? 'missed'
          : 'unmarked';

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
    completions: await rows(
      api,
      'select c.* from habit_completions c join habits h on h.id = c.habit_id where h.user_id = ? order by c.id',
      [userId],
    ),
    streaks: await rows(
      api,
      'select s.* from streaks s join habits h on h.id = s.habit_id where h.user_id = ? order by s.habit_id',
      [userId],
    ),
  });

  /** What an account holds: an import that fails must leave it as it was. */
  const written = async (userId: number) => ({
    habits: (await rows<{ n: number }>(api, 'select count(*) as n from habits where user_id = ?', [userId]))[0]!.n,
    completions: (
      await rows<{ n: number }>(
        api,
        'select count(*) as n from habit_completions c join habits h on h.id = c.habit_id where h.user_id = ?',
        [userId],
      )
    )[0]!.n,
  });

  /** Each imported habit's scores, day by day, against Loop's (the transcribed oracle), to 6 decimals. */
  async function expectLoopScores(token: string, habits: FixtureHabit[]) {
    const items = (await api.request('GET', '/api/v1/habits?archived=all', { token })).body.items as {
      id: number;
      name: string;
    }[];
    for (const [i, fixture] of habits.entries()) {
      const from = loopScoresFrom(fixture, TODAY);
      const expected = loopScores(fixture, from, TODAY);
      const { body } = await api.request('GET', `/api/v1/habits/${items[i]!.id}/scores?from=${from}&to=${TODAY}`, {
        token,
      });
      const actual = new Map(
        (body.items as { date: string; score: number }[]).map((point) => [point.date, point.score]),
      );
      expect(expected.length).toBeGreaterThan(400);
      for (const { date, score } of expected) {
        if (Math.abs(actual.get(date)! - score) > 5e-7 + 1e-12)
          throw new Error(`${fixture.name} ${date}: Loop ${score}, imported ${actual.get(date)}`);
      }
    }
  }

  /** Every file of the zip `GET /export/loop` answers, as text. */
  async function loopExportOf(token: string): Promise<Record<string, string>> {
    const reply = await api.request('GET', '/api/v1/export/loop', { token });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/zip');
    expect(reply.headers['content-disposition']).toBe(`attachment; filename="Loop Habits CSV ${TODAY}.zip"`);
    return Object.fromEntries(Object.entries(unzipSync(reply.bytes)).map(([name, bytes]) => [name, strFromU8(bytes)]));
  }

  it("imports a v2.3.1+ CSV export: every row stored or counted, notes on any day, Loop's colours and scores; a second upload changes nothing", async () => {
    const { token, id } = await api.register('csvuser');
    const files = loopCsvFiles('v231', fixtures, TODAY);
    const reply = await upload(token, zip(files));
    expect(reply.status).toBe(200);
    const stored = fixtures.reduce((sum, habit) => sum + storedFromCsv(habit).length, 0);
    const rowsInFile = fixtures.reduce((sum, habit) => sum + loopComputed(habit).length, 0);
    expect(reply.body).toEqual({
      habits: { created: 9, updated: 0, unchanged: 0 },
      completions: { created: stored, updated: 0, unchanged: 0 },
      skipped: rowsInFile - stored,
      skippedByReason: { automatic: rowsInFile - stored, unknown: 0, duplicate: 0 },
      settingsChanged: [],
    });
    expect(rowsInFile - stored).toBeGreaterThan(100);

    const { items } = (await api.request('GET', '/api/v1/habits?archived=all', { token })).body;
    expect(
      items.map((habit: Record<string, unknown>) => [
        habit.name,
        habit.type,
        habit.goalType,
        habit.timesPerPeriod,
        habit.periodDays,
        habit.targetValue,
        habit.targetType,
        habit.unit,
        habit.archived,
        habit.color,
      ]),
    ).toEqual([
      ['Meditate', 'boolean', 'daily', 1, null, null, 'at_least', null, false, PALETTE_HEX[7]],
      ['Run, "fast"', 'boolean', 'custom', 3, 7, null, 'at_least', null, false, PALETTE_HEX[2]],
      ['読書 📚', 'boolean', 'custom', 2, 10, null, 'at_least', null, false, PALETTE_HEX[5]],
      ['Call home', 'boolean', 'custom', 4, 30, null, 'at_least', null, true, PALETTE_HEX[3]],
      ['Water', 'numeric', 'daily', 1, null, 2, 'at_least', 'L', false, PALETTE_HEX[4]],
      ['Distance', 'numeric', 'custom', 1, 7, 20.5, 'at_least', 'km', false, PALETTE_HEX[6]],
      ['Sugar', 'numeric', 'daily', 1, null, 30, 'at_most', 'g', false, PALETTE_HEX[1]],
      ['Vegan', 'boolean', 'daily', 1, null, null, 'at_least', null, false, '#AAAAAA'],
      ['Vegan', 'boolean', 'custom', 5, 7, null, 'at_least', null, false, PALETTE_HEX[10]],
    ]);
    expect([items[0].question, items[0].description]).toEqual(['Did you meditate today?', 'Ten minutes, eyes closed']);
    expect([items[2].question, items[2].description]).toEqual([null, 'Один час']);

    // Every day of every habit, its status and its note, as the file holds them.
    for (const [i, fixture] of fixtures.entries()) {
      const days = await rows<{ completion_date: string; status: string; value: number; notes: string | null }>(
        api,
        'select completion_date, status, value, notes from habit_completions where habit_id = ? order by completion_date',
        [items[i].id],
      );
      const expected = storedFromCsv(fixture)
        .reverse()
        .map((entry) => {
          const status = statusOf(fixture, entry.value, entry.notes);
          const value = status !== 'done' ? 0 : fixture.numeric ? entry.value / 1000 : 1;
          return [dateOf(entry.day), status, value, entry.notes || null];
        });
      expect([fixture.name, days.map((day) => [day.completion_date, day.status, day.value, day.notes])]).toEqual([
        fixture.name,
        expected,
      ]);
    }
    const meditateNotes = await rows<{ status: string; notes: string }>(
      api,
      'select status, notes from habit_completions where habit_id = ? and notes is not null order by completion_date',
      [items[0].id],
    );
    expect(new Set(meditateNotes.map((day) => day.status))).toEqual(new Set(['done', 'skipped', 'missed', 'unmarked']));

    await expectLoopScores(token, fixtures);
    const streaks = (await api.request('GET', '/api/v1/habits?archived=all', { token })).body.items.map(
      (habit: { streak: { longest: number } }) => habit.streak.longest,
    );
    expect(streaks.slice(0, 4)).toEqual(fixtures.slice(0, 4).map((fixture) => loopLongestStreak(fixture, TODAY)));

    const before = await dump(id);
    const again = await upload(token, zip(files));
    expect(again.status).toBe(200);
    expect(again.body.habits).toEqual({ created: 0, updated: 0, unchanged: 9 });
    expect(again.body.completions).toEqual({ created: 0, updated: 0, unchanged: stored });
    expect(await dump(id)).toEqual(before);

    // Exported back to Loop's format, the import gives back Loop's own files, byte for byte.
    const exported = await loopExportOf(token);
    expect(Object.keys(exported)).toEqual(Object.keys(files));
    for (const [name, text] of Object.entries(files)) expect([name, exported[name]]).toEqual([name, text]);
  });

  it("exports to Loop's format: imported into a new account and exported again, the files come back the same", async () => {
    const { token } = await api.register('loopsource', { timezone: 'America/New_York' });
    const habit = async (body: Record<string, unknown>) =>
      (await api.request('POST', '/api/v1/habits', { token, body })).body.id as number;
    const ids = [
      await habit({
        name: 'Gym',
        goalType: 'weekly',
        timesPerPeriod: 3,
        color: '#4CAF50',
        question: 'Gym?',
        description: 'weights, "heavy"',
      }),
      await habit({
        name: 'Steps',
        type: 'numeric',
        goalType: 'custom',
        periodDays: 7,
        targetValue: 70000.5,
        unit: 'steps',
      }),
      await habit({ name: 'Nap', type: 'numeric', targetType: 'at_most', targetValue: 0 }),
      await habit({ name: 'Journal, daily' }),
    ];
    const items = [];
    for (let i = 0; i < 200; i++) {
      const date = addDays(TODAY, -i);
      if (i % 3 === 0) items.push({ habitId: ids[0], date });
      else if (i % 7 === 1)
        items.push({ habitId: ids[0], date, status: 'missed', ...(i % 2 ? { notes: 'tired' } : {}) });
      else if (i % 11 === 2) items.push({ habitId: ids[0], date, status: 'unmarked', notes: `note ${i}` });
      if (i % 2 === 0)
        items.push({ habitId: ids[1], date, value: Math.round(((i * 1234.5678) % 20000) * 1000) / 1000 });
      else if (i % 9 === 1) items.push({ habitId: ids[1], date, status: 'skipped', notes: 'rest day' });
      else if (i % 13 === 3) items.push({ habitId: ids[1], date, status: 'missed' });
      if (i % 5 === 0) items.push({ habitId: ids[2], date, value: i % 3 });
      if (i % 4 !== 3) items.push({ habitId: ids[3], date, ...(i % 10 === 0 ? { notes: 'line one\nline two' } : {}) });
    }
    expect((await api.request('POST', '/api/v1/completions/batch', { token, body: { items } })).status).toBe(200);
    const first = await loopExportOf(token);
    expect(first['Habits.csv']).toBe(
      'Position,Name,Type,Question,Description,FrequencyNumerator,FrequencyDenominator,Color,Unit,Target Type,Target Value,Archived?\n' +
        '001,Gym,YES_NO,Gym?,"weights, ""heavy""",3,7,#388E3C,,,,false\n' +
        '002,Steps,NUMERICAL,,,1,7,#00897B,steps,AT_LEAST,70000.5,false\n' +
        '003,Nap,NUMERICAL,,,1,1,#00897B,,AT_MOST,0.0,false\n' +
        '004,"Journal, daily",YES_NO,,,1,1,#00897B,,,,false\n',
    );
    expect(Object.keys(first)).toEqual([
      'Habits.csv',
      '001 Gym/Scores.csv',
      '001 Gym/Checkmarks.csv',
      '002 Steps/Scores.csv',
      '002 Steps/Checkmarks.csv',
      '003 Nap/Scores.csv',
      '003 Nap/Checkmarks.csv',
      '004 Journal daily/Scores.csv',
      '004 Journal daily/Checkmarks.csv',
      'Scores.csv',
      'Checkmarks.csv',
    ]);
    expect(first['001 Gym/Checkmarks.csv']).toMatch(/\n2026-11-2\d,(YES_AUTO|NO),tired\n/);
    expect(first['002 Steps/Checkmarks.csv']).toContain('2026-11-23,SKIP,rest day\n');

    const { token: other } = await api.register('loopcopy', { timezone: 'America/New_York' });
    const reply = await upload(other, zip(first));
    expect(reply.status).toBe(200);
    const rowsInFiles = Object.entries(first)
      .filter(([name]) => name.includes('/Checkmarks'))
      .reduce((sum, [, text]) => sum + (parse(text) as string[][]).length - 1, 0);
    expect(reply.body.completions.created + reply.body.skipped).toBe(rowsInFiles);
    expect(await loopExportOf(other)).toEqual(first);
  });

  it('exports a Loop import as JSON that imports into a new account unchanged, notes with their spaces included', async () => {
    const { token } = await api.register('loopjson');
    const habit: FixtureHabit = {
      name: 'Read',
      numerator: 2,
      denominator: 7,
      values: new Map([
        ['2026-11-20', LOOP.YES_MANUAL],
        ['2026-11-21', LOOP.UNKNOWN],
        ['2026-11-22', LOOP.NO],
        ['2026-11-23', LOOP.YES_MANUAL],
      ]),
      notes: new Map([
        ['2026-11-21', '   '],
        ['2026-11-22', '  tired  '],
      ]),
    };
    expect((await upload(token, zip(loopCsvFiles('v231', [habit], TODAY)))).status).toBe(200);
    const document = (await api.request('GET', '/api/v1/export', { token })).body;
    expect(document.habits[0].completions.map((day: { notes: string | null }) => day.notes)).toEqual([
      null,
      '   ',
      '  tired  ',
      null,
    ]);
    const { token: other } = await api.register('loopjsoncopy');
    expect((await api.request('POST', '/api/v1/import', { token: other, body: document })).status).toBe(200);
    const copy = (await api.request('GET', '/api/v1/export', { token: other })).body;
    const withoutIds = (doc: { habits: Record<string, unknown>[] }) => doc.habits.map(({ id: _id, ...rest }) => rest);
    expect(withoutIds(copy)).toEqual(withoutIds(document));
  });

  it('reads v1.x and v2.0–2.3.0 exports: headerless check-marks, folders matched by number whatever their names', async () => {
    const boolean = fixtures
      .filter((habit) => !habit.numeric)
      .map((habit) => ({ ...habit, notes: new Map<string, string>() }));
    for (const generation of ['v1', 'v2'] as const) {
      const { token } = await api.register(`old${generation}`);
      const files = loopCsvFiles(generation, boolean, TODAY);
      // Loop names folders after habits as they were; renamed habits keep the old folder name.
      const renamed = Object.fromEntries(
        Object.entries(files).map(([name, content]) => [name.replace(/^002 [^/]*/, '002 Jogging'), content]),
      );
      const reply = await upload(token, zip(renamed));
      expect(reply.status).toBe(200);
      expect(reply.body.habits.created).toBe(boolean.length);
      const stored = boolean.reduce((sum, habit) => sum + storedFromCsv(habit).length, 0);
      expect(reply.body.completions.created).toBe(stored);
      expect(reply.body.skippedByReason.automatic).toBe(
        boolean.reduce((sum, habit) => sum + loopComputed(habit).length, 0) - stored,
      );
      const { items } = (await api.request('GET', '/api/v1/habits?archived=all', { token })).body;
      expect(items.map((habit: { name: string; archived: boolean }) => [habit.name, habit.archived])).toEqual(
        boolean.map((habit) => [habit.name, false]),
      );
      expect([items[0].question, items[0].description]).toEqual(
        generation === 'v1'
          ? ['Did you meditate today?', null]
          : ['Did you meditate today?', 'Ten minutes, eyes closed'],
      );
      await expectLoopScores(token, boolean);
    }
  });

  it.each([8, 12, 13, 14, 16, 17, 18, 20, 21, 22, 23, 24, 25])(
    "imports a backup of schema %i: every repetition, its colour as Loop showed it, the question, Loop's scores and streaks",
    async (version) => {
      const { token } = await api.register(`schema${version}`);
      // Colours the palettes of every schema share; numeric habits from schema 18, when Loop added targets.
      const habits = fixtures
        .filter((habit) => (version >= 18 || !habit.numeric) && habit.name !== '読書 📚')
        .map((habit, i) => ({
          ...habit,
          color: [7, 1, 4, 10, 13, 19, 0, 5, 8][i]!,
          uuid: version >= 24 ? habit.uuid : undefined,
        }));
      const kept = (habit: FixtureHabit) =>
        [...habit.values].filter(
          ([, value]) => (version >= 16 || value === LOOP.YES_MANUAL) && (version >= 25 || value !== LOOP.UNKNOWN),
        );
      const asStored = habits.map((habit) => ({
        ...habit,
        values: new Map(kept(habit)),
        notes: version >= 25 ? habit.notes : undefined,
      }));
      const reply = await upload(token, loopBackup(habits, { version }), `schema ${version}.db`);
      expect(reply.status).toBe(200);
      const repetitions = asStored.reduce((sum, habit) => sum + habit.values.size, 0);
      expect(reply.body).toMatchObject({
        habits: { created: habits.length },
        completions: { created: repetitions },
        skipped: 0,
      });
      const { items } = (await api.request('GET', '/api/v1/habits?archived=all', { token })).body;
      expect(
        items.map((habit: { name: string; color: string; question: string | null }) => [
          habit.name,
          habit.color,
          habit.question,
        ]),
      ).toEqual(habits.map((habit) => [habit.name, PALETTE_HEX[habit.color]!.toUpperCase(), habit.question ?? null]));
      for (const [i, habit] of asStored.entries()) {
        const days = await rows<{ completion_date: string; status: string; notes: string | null }>(
          api,
          'select completion_date, status, notes from habit_completions where habit_id = ? order by completion_date',
          [items[i].id],
        );
        expect([habit.name, days]).toEqual([
          habit.name,
          [...habit.values]
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([date, value]) => {
              const notes = habit.notes?.get(date) ?? null;
              return { completion_date: date, status: statusOf(habit, value, notes ?? ''), notes };
            }),
        ]);
      }
      await expectLoopScores(token, asStored);
      const longest = (habit: FixtureHabit, i: number) => (habit.numeric ? null : items[i].streak.longest);
      expect(asStored.map(longest)).toEqual(
        asStored.map((habit) => (habit.numeric ? null : loopLongestStreak(habit, TODAY))),
      );
    },
  );

  it('matches the habits of a CSV export and a backup of the same account, and a re-upload changes nothing', async () => {
    const { token, id } = await api.register('csvthendb');
    const backup = loopBackup(fixtures);
    await upload(token, zip(loopCsvFiles('v231', fixtures, TODAY)));
    const second = await upload(token, backup, 'backup.db');
    // The backup holds the uuids the CSV lacks; and the "no" days Loop's CSV showed as automatic check-marks.
    expect(second.body.habits).toEqual({ created: 0, updated: 2, unchanged: 7 });
    const hidden = fixtures.reduce(
      (sum, habit) =>
        sum +
        loopComputed(habit).filter(
          (entry) => entry.value === LOOP.YES_AUTO && entry.notes === '' && habit.values.has(dateOf(entry.day)),
        ).length,
      0,
    );
    // A "no" with a note under an automatic check-mark: the CSV could only say "a note", the backup says "no".
    const revealed = fixtures.reduce(
      (sum, habit) =>
        sum +
        loopComputed(habit).filter(
          (entry) =>
            entry.value === LOOP.YES_AUTO && entry.notes !== '' && habit.values.get(dateOf(entry.day)) === LOOP.NO,
        ).length,
      0,
    );
    expect(revealed).toBeGreaterThan(0);
    expect(second.body.completions).toMatchObject({ created: hidden, updated: revealed });
    expect((await rows(api, 'select id from habits where user_id = ?', [id])).length).toBe(9);
    const external = await rows<{ external_id: string }>(
      api,
      'select external_id from habits where user_id = ? order by id',
      [id],
    );
    expect(external.map((row) => row.external_id)).toEqual([
      'loop-uuid:6f6e2a1c9d3e4b0f8a7c5e4d3c2b1a09',
      'loop-uuid:a1b2c3d4e5f60718293a4b5c6d7e8f90',
      'loop:003 読書 📚',
      'loop:004 Call home',
      'loop:005 Water',
      'loop:006 Distance',
      'loop:007 Sugar',
      'loop:008 Vegan',
      'loop:009 Vegan',
    ]);
    const before = await dump(id);
    expect((await upload(token, backup, 'again.db')).body.completions).toMatchObject({ created: 0, updated: 0 });
    expect(await dump(id)).toEqual(before);
  });

  it('refuses a backup whose repetitions name no habit, writing nothing; keeps the first of two rows for a day as Loop does', async () => {
    const { token, id } = await api.register('damaged');
    const before = await written(id);
    const orphan = withRow(
      loopBackup(fixtures.slice(0, 1)),
      `pragma foreign_keys = off; insert into Repetitions (habit, timestamp, value, notes) values (99, ${dayOf(TODAY) * 86_400_000}, 2, null)`,
    );
    const reply = await upload(token, orphan, 'orphan.db');
    expect(reply.status).toBe(400);
    expect(reply.body.details[0]).toEqual({
      field: expect.stringMatching(/^Repetitions row \d+$/),
      message: expect.stringMatching(/habit 99, which the Habits table does not hold/),
    });
    expect(await written(id)).toEqual(before);

    const twice = loopBackup(
      [{ name: 'Floss', numerator: 1, denominator: 1, values: new Map([['2026-11-20', LOOP.SKIP]]) }],
      { version: 21 },
    );
    const withDuplicate = withRow(
      twice,
      `drop index if exists idx_repetitions_habit_timestamp; insert into Repetitions (habit, timestamp, value) values (1, ${dayOf('2026-11-20') * 86_400_000}, 2)`,
    );
    const ok = await upload(token, withDuplicate, 'old.db');
    expect(ok.body).toMatchObject({ completions: { created: 1 }, skipped: 1, skippedByReason: { duplicate: 1 } });
    const days = await rows<{ status: string }>(
      api,
      'select c.status from habit_completions c join habits h on h.id = c.habit_id where h.user_id = ?',
      [id],
    );
    expect(days).toEqual([{ status: 'skipped' }]);
  });

  it('imports a habit whose id is 0 with all its days', async () => {
    const { token } = await api.register('zeroid');
    const habit: FixtureHabit = {
      name: 'Floss',
      numerator: 1,
      denominator: 1,
      values: new Map([
        ['2026-11-20', LOOP.YES_MANUAL],
        ['2026-11-21', LOOP.NO],
      ]),
    };
    const file = withRow(
      loopBackup([habit, { ...habit, name: 'Stretch' }]),
      'pragma foreign_keys = off; update Habits set id = 0 where id = 1; update Repetitions set habit = 0 where habit = 1;',
    );
    const reply = await upload(token, file, 'zero.db');
    expect(reply.body).toMatchObject({ habits: { created: 2 }, completions: { created: 4 }, skipped: 0 });
  });

  it('refuses what is not a Loop export, or a broken one, with a 400 that says where, and writes nothing', async () => {
    const { token, id } = await api.register('malformed');
    const good = loopCsvFiles('v231', fixtures.slice(0, 2), TODAY);
    const checkmarks = Object.keys(good).find((name) => name.startsWith('002') && name.endsWith('Checkmarks.csv'))!;
    const emptyDb = loopBackup([]);
    const cases: [string, Buffer, string][] = [
      ['random bytes', Buffer.from('definitely not a zip'), 'file'],
      ['a broken zip', zip(good).subarray(0, 200), 'file'],
      ['a zip without Habits.csv', zip({ 'notes.txt': 'hello' }), 'file'],
      ['an unknown Habits.csv header', zip({ ...good, 'Habits.csv': 'Name,Frequency\nRead,daily\n' }), 'Habits.csv'],
      [
        'a bad date in the second habit',
        zip({ ...good, [checkmarks]: 'Date,Value,Notes\n2026-02-30,YES_MANUAL,\n' }),
        `${checkmarks} line 2`,
      ],
      [
        'an unknown check-mark value',
        zip({ ...good, [checkmarks]: 'Date,Value,Notes\n2026-02-03,7,\n' }),
        `${checkmarks} line 2`,
      ],
      [
        'a huge numeric value',
        zip(
          loopCsvFiles(
            'v231',
            [
              {
                name: 'Water',
                numerator: 1,
                denominator: 1,
                numeric: true,
                target: 2,
                values: new Map([['2026-01-01', 1e15]]),
              },
            ],
            TODAY,
          ),
        ),
        '001 Water/Checkmarks.csv line 2',
      ],
      ['a SQLite file that is not Loop', sqlite('create table notes (id integer primary key, body text)'), 'file'],
      [
        'a backup from a newer Loop',
        sqlite('create table Habits (id integer); create table Repetitions (id integer); pragma user_version = 26'),
        'file',
      ],
      [
        'a backup without frequencies',
        sqlite(
          'create table Habits (id integer, name text); create table Repetitions (habit integer, timestamp integer)',
        ),
        'file',
      ],
      [
        'a backup with a timestamp inside a day',
        withRow(
          emptyDb,
          'insert into Habits (name, freq_num, freq_den, position) values (1, 1, 1, 0); insert into Repetitions (habit, timestamp, value, notes) values (1, 1764000000001, 2, null)',
        ),
        'Repetitions row 1',
      ],
    ];
    const before = await written(id);
    for (const [label, file, field] of cases) {
      const reply = await upload(token, file);
      expect([label, reply.status]).toEqual([label, 400]);
      expect([label, reply.body.details?.[0]?.field]).toEqual([label, field]);
      expect(await written(id)).toEqual(before);
    }
  });

  it('rolls back everything on a day after today (422), needs multipart (415) and caps uploads at 50 MiB (413)', async () => {
    const { token, id } = await api.register('limits');
    const before = await written(id);
    const future = fixtures
      .slice(0, 2)
      .map((habit, i) =>
        i === 1 ? { ...habit, values: new Map([...habit.values, ['2026-11-26', LOOP.YES_MANUAL]]) } : habit,
      );
    const reply = await upload(token, zip(loopCsvFiles('v231', future, TODAY)));
    expect(reply.status).toBe(422);
    expect(reply.body.details).toEqual([
      {
        field: expect.stringMatching(/^002 .*Checkmarks\.csv line \d+$/),
        message: '2026-11-26 is after today in every time zone (2026-11-25 at the latest)',
      },
    ]);
    expect(await written(id)).toEqual(before);

    const json = await api.request('POST', '/api/v1/import/loop', { token, body: { file: 'x' } });
    expect(json.status).toBe(415);
    expect(json.body.details).toEqual([
      { field: 'file', message: 'send the file as multipart/form-data in the field "file"' },
    ]);
    const wrongField = await api.request('POST', '/api/v1/import/loop', {
      token,
      ...multipart(zip(loopCsvFiles('v231', fixtures, TODAY)), { field: 'upload' }),
    });
    expect(wrongField.status).toBe(415);

    const huge = await upload(token, Buffer.alloc(IMPORT_LIMIT_BYTES + 1024, 0x41));
    expect(huge.status).toBe(413);
    expect(await written(id)).toEqual(before);
    expect((await api.request('POST', '/api/v1/import/loop', multipart(zip({})))).status).toBe(401);
  });

  it('keeps days in Loop time: backup timestamps are UTC midnights of the local date, whatever the user time zone', async () => {
    const { token, id } = await api.register('auckland', { timezone: 'Pacific/Auckland' });
    const values = new Map([
      ['2026-11-20', LOOP.YES_MANUAL],
      ['2026-11-21', LOOP.SKIP],
    ]);
    const reply = await upload(token, loopBackup([{ name: 'Stretch', numerator: 1, denominator: 1, values }]), 'b.db');
    expect(reply.status).toBe(200);
    const days = await rows<{ completion_date: string; status: string }>(
      api,
      'select completion_date, status from habit_completions c join habits h on h.id = c.habit_id where h.user_id = ? order by completion_date',
      [id],
    );
    expect(days).toEqual([
      { completion_date: '2026-11-20', status: 'done' },
      { completion_date: '2026-11-21', status: 'skipped' },
    ]);
  });
});

/**
 * Loop's own CSV export of two habits (its HabitsCSVExporterTest assets, uhabits-core/assets/test/csv_export: an empty
 * "Meditate" and a 2-per-3-days "Wake up early" with notes on "no" days, exported on 2015-01-25), exactly as Loop
 * wrote it. Imported, then exported, it must come back unchanged.
 */
const LOOP_WRITTEN: Record<string, string> = {
  'Habits.csv':
    'Position,Name,Type,Question,Description,FrequencyNumerator,FrequencyDenominator,Color,Unit,Target Type,Target Value,Archived?\n' +
    '001,Meditate,YES_NO,Did you meditate this morning?,,1,1,#FF8F00,,,,false\n' +
    '002,Wake up early,YES_NO,Did you wake up before 6am?,,2,3,#00897B,,,,false\n',
  '001 Meditate/Scores.csv': 'Date,Score\n2015-01-25,0.0000\n',
  '001 Meditate/Checkmarks.csv': 'Date,Value,Notes\n',
  '002 Wake up early/Scores.csv':
    'Date,Score\n2015-01-25,0.2557\n2015-01-24,0.2226\n2015-01-23,0.1991\n2015-01-22,0.1746\n2015-01-21,0.1379\n' +
    '2015-01-20,0.0995\n2015-01-19,0.0706\n2015-01-18,0.0515\n2015-01-17,0.0315\n2015-01-16,0.0107\n',
  '002 Wake up early/Checkmarks.csv':
    'Date,Value,Notes\n2015-01-25,YES_MANUAL,\n2015-01-24,NO,Sick\n2015-01-23,YES_AUTO,"Forgot to do it, really"\n' +
    '2015-01-22,YES_MANUAL,\n2015-01-21,YES_MANUAL,\n2015-01-20,YES_MANUAL,\n2015-01-19,YES_AUTO,"""Vacation"""\n' +
    '2015-01-18,YES_AUTO,\n2015-01-17,YES_MANUAL,\n2015-01-16,YES_MANUAL,\n',
  'Scores.csv':
    'Date,Meditate,Wake up early,\n2015-01-25,0.0000,0.2557,\n2015-01-24,0.0000,0.2226,\n2015-01-23,0.0000,0.1991,\n' +
    '2015-01-22,0.0000,0.1746,\n2015-01-21,0.0000,0.1379,\n2015-01-20,0.0000,0.0995,\n2015-01-19,0.0000,0.0706,\n' +
    '2015-01-18,0.0000,0.0515,\n2015-01-17,0.0000,0.0315,\n2015-01-16,0.0000,0.0107,\n',
  'Checkmarks.csv':
    'Date,Meditate,Wake up early,\n2015-01-25,UNKNOWN,YES_MANUAL,\n2015-01-24,UNKNOWN,NO,\n2015-01-23,UNKNOWN,YES_AUTO,\n' +
    '2015-01-22,UNKNOWN,YES_MANUAL,\n2015-01-21,UNKNOWN,YES_MANUAL,\n2015-01-20,UNKNOWN,YES_MANUAL,\n2015-01-19,UNKNOWN,YES_AUTO,\n' +
    '2015-01-18,UNKNOWN,YES_AUTO,\n2015-01-17,UNKNOWN,YES_MANUAL,\n2015-01-16,UNKNOWN,YES_MANUAL,\n',
};

describe('a CSV export Loop wrote', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startApi({ now: '2015-01-25T09:00:00Z' });
  });
  afterAll(() => api.close());

  it('imports with every note and comes back out of GET /export/loop byte for byte', async () => {
    const { token } = await api.register('loopuser');
    const reply = await api.request('POST', '/api/v1/import/loop', { token, ...multipart(zip(LOOP_WRITTEN)) });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ completions: { created: 9 }, skipped: 1, skippedByReason: { automatic: 1 } });
    const { items } = (await api.request('GET', '/api/v1/habits', { token })).body;
    expect(
      items.map((habit: { name: string; score: number; color: string }) => [
        habit.name,
        habit.color,
        habit.score.toFixed(4),
      ]),
    ).toEqual([
      ['Meditate', '#FF8F00', '0.0000'],
      ['Wake up early', '#00897B', '0.2557'],
    ]);
    const exported = await api.request('GET', '/api/v1/export/loop', { token });
    const files = Object.fromEntries(
      Object.entries(unzipSync(exported.bytes)).map(([name, bytes]) => [name, strFromU8(bytes)]),
    );
    expect(Object.keys(files)).toEqual(Object.keys(LOOP_WRITTEN));
    for (const [name, text] of Object.entries(LOOP_WRITTEN)) expect([name, files[name]]).toEqual([name, text]);
  });
});
