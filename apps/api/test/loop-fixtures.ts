import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { strToU8, zipSync } from 'fflate';

/** Loop's stored check-mark values (Entry.kt). Numeric habits store amounts × 1000. */
export const LOOP = { UNKNOWN: -1, NO: 0, YES_AUTO: 1, YES_MANUAL: 2, SKIP: 3 } as const;
const NAMES: Record<number, string> = { [-1]: 'UNKNOWN', 0: 'NO', 1: 'YES_AUTO', 2: 'YES_MANUAL', 3: 'SKIP' };

const DAY_MS = 86_400_000;
export const dayOf = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
export const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

export interface FixtureHabit {
  name: string;
  question?: string;
  description?: string;
  numerator: number;
  denominator: number;
  numeric?: boolean;
  atMost?: boolean;
  target?: number;
  unit?: string;
  /** An index of Loop's palette (schema 21 on). */
  color?: number;
  archived?: boolean;
  uuid?: string;
  /**
   * What the user entered, by date, as Loop stores it (its "original entries"): yes/no habits YES_MANUAL, SKIP, NO, or
   * UNKNOWN where only a note was added; numeric habits an amount × 1000, SKIP or UNKNOWN.
   */
  values: Map<string, number>;
  notes?: Map<string, string>;
}

/** A deterministic generator, so a failing fixture can be reproduced. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A history from `from` to `to`: `pick` decides each day's stored value. */
export function history(
  from: string,
  to: string,
  pick: (day: number, i: number) => number | null,
): Map<string, number> {
  const values = new Map<string, number>();
  for (let day = dayOf(from), i = 0; day <= dayOf(to); day++, i++) {
    const value = pick(day, i);
    if (value !== null) values.set(dateOf(day), value);
  }
  return values;
}

const monthLength = (day: number) => {
  const date = new Date(day * DAY_MS);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
};

interface Computed {
  day: number;
  value: number;
  notes: string;
}

/**
 * Loop Habit Tracker's computed entries (EntryList.recomputeFrom: buildIntervals, snapIntervalsTogether,
 * buildEntriesFromInterval), transcribed from its Kotlin source, newest first: the oracle the export is checked
 * against, independent of @streakforge/core.
 */
export function loopComputed(habit: FixtureHabit): Computed[] {
  const original = [...habit.values]
    .map(([date, value]) => ({ day: dayOf(date), value, notes: habit.notes?.get(date) ?? '' }))
    .sort((a, b) => b.day - a.day);
  if (habit.numeric || original.length === 0) return original;
  const filtered = original.filter((entry) => entry.value === LOOP.YES_MANUAL);
  const intervals: { begin: number; center: number; end: number }[] = [];
  for (let i = habit.numerator - 1; i < filtered.length; i++) {
    const begin = filtered[i]!.day;
    const center = filtered[i - habit.numerator + 1]!.day;
    let size = habit.denominator;
    if (size === 30 || size === 31)
      size = new Date(begin * DAY_MS).getUTCDate() === monthLength(begin) ? monthLength(begin + 1) : monthLength(begin);
    if (center - begin < size) intervals.push({ begin, center, end: begin + size - 1 });
  }
  for (let i = 1; i < intervals.length; i++) {
    const current = intervals[i]!;
    const next = intervals[i - 1]!;
    const gap = current.end - next.begin;
    if (gap >= 0) {
      const shift = Math.min(current.end - current.center, gap + 1);
      intervals[i] = { begin: current.begin - shift, center: current.center, end: current.end - shift };
    }
  }
  let from = Math.min(...original.map((entry) => entry.day));
  let to = Math.max(...original.map((entry) => entry.day));
  for (const interval of intervals) {
    from = Math.min(from, interval.begin);
    to = Math.max(to, interval.end);
  }
  const result: Computed[] = [];
  for (let day = to; day >= from; day--) result.push({ day, value: LOOP.UNKNOWN, notes: '' });
  for (const interval of intervals)
    for (let day = interval.end; day >= interval.begin; day--)
      result[to - day] = { day, value: LOOP.YES_AUTO, notes: '' };
  for (const entry of original) {
    const shown = result[to - entry.day]!.value;
    const value =
      shown === LOOP.UNKNOWN || entry.value === LOOP.SKIP || entry.value === LOOP.YES_MANUAL
        ? entry.value
        : LOOP.YES_AUTO;
    result[to - entry.day] = { day: entry.day, value, notes: entry.notes };
  }
  return result.filter((entry) => entry.value !== LOOP.UNKNOWN || entry.notes !== '');
}

/**
 * Loop Habit Tracker's ScoreList.recompute, transcribed from its Kotlin source, over Loop's computed values: the
 * oracle the imported scores are checked against, independent of @streakforge/core.
 */
export function loopScores(habit: FixtureHabit, from: string, to: string): { date: string; score: number }[] {
  let numerator = habit.numerator;
  let denominator = habit.denominator;
  const freq = numerator / denominator;
  if (!habit.numeric && freq < 1) {
    numerator *= 2;
    denominator *= 2;
  }
  const multiplier = Math.pow(0.5, Math.sqrt(freq) / 13);
  const compute = (previous: number, checkmark: number) => previous * multiplier + checkmark * (1 - multiplier);
  const computed = new Map(loopComputed(habit).map((entry) => [entry.day, entry.value]));
  const values: number[] = [];
  for (let day = dayOf(from); day <= dayOf(to); day++) values.push(computed.get(day) ?? LOOP.UNKNOWN);
  const target = habit.target ?? 0;
  let previous = habit.numeric && habit.atMost ? 1 : 0;
  let rolling = 0;
  return values.map((value, i) => {
    if (habit.numeric) {
      rolling += Math.max(0, value);
      if (i >= denominator) rolling -= Math.max(0, values[i - denominator]!);
      const sum = rolling / 1000;
      if (value !== LOOP.SKIP) {
        const percentage = !habit.atMost
          ? target > 0
            ? Math.min(1, sum / target)
            : 1
          : target > 0
            ? Math.min(1, Math.max(0, 1 - (sum - target) / target))
            : sum > 0
              ? 0
              : 1;
        previous = compute(previous, percentage);
      }
    } else {
      if (value === LOOP.YES_MANUAL) rolling += 1;
      if (i >= denominator && values[i - denominator] === LOOP.YES_MANUAL) rolling -= 1;
      if (value !== LOOP.SKIP) previous = compute(previous, Math.min(1, rolling / numerator));
    }
    return { date: dateOf(dayOf(from) + i), score: previous };
  });
}

/**
 * The longest streak of a yes/no habit as Loop's StreakList.recompute finds it (days whose computed value is > 0:
 * checks, automatic check-marks, skips), counted up to today: Loop counts automatic days up to a month ahead, and
 * StreakForge never counts a day after today.
 */
export function loopLongestStreak(habit: FixtureHabit, today: string): number {
  const qualifying = new Set(
    loopComputed(habit)
      .filter((entry) => entry.value > 0 && entry.day <= dayOf(today))
      .map((entry) => entry.day),
  );
  let longest = 0;
  for (const day of qualifying) {
    if (qualifying.has(day - 1)) continue;
    let length = 1;
    while (qualifying.has(day + length)) length++;
    longest = Math.max(longest, length);
  }
  return longest;
}

/** The first day Loop computes a habit's scores from: its oldest computed entry, or today. */
export function loopScoresFrom(habit: FixtureHabit, today: string): string {
  const computed = loopComputed(habit);
  return computed.length ? dateOf(Math.min(computed.at(-1)!.day, dayOf(today))) : today;
}

const csvField = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
const csvLine = (fields: (string | number)[]) => `${fields.map((field) => csvField(String(field))).join(',')}\n`;
const formatted = (value: number) => NAMES[value] ?? String(value);
/** Java's Double.toString for the modest numbers the fixtures use. */
const javaDouble = (value: number) => (Number.isInteger(value) ? `${value}.0` : String(value));

export const LOOP_HEADERS = {
  v1: 'Position,Name,Description,NumRepetitions,Interval,Color',
  v2: 'Position,Name,Question,Description,NumRepetitions,Interval,Color',
  v231: 'Position,Name,Type,Question,Description,FrequencyNumerator,FrequencyDenominator,Color,Unit,Target Type,Target Value,Archived?',
} as const;

/** Loop's palette as its CSV export spells it (PaletteColor.toCsvColor). */
export const PALETTE_HEX = [
  '#D32F2F',
  '#E64A19',
  '#F57C00',
  '#FF8F00',
  '#F9A825',
  '#AFB42B',
  '#7CB342',
  '#388E3C',
  '#00897B',
  '#00ACC1',
  '#039BE5',
  '#1976D2',
  '#303F9F',
  '#5E35B1',
  '#8E24AA',
  '#D81B60',
  '#5D4037',
  '#303030',
  '#757575',
  '#aaaaaa',
];

/** Loop's folder name for a habit (HabitsCSVExporter.sanitizeFilename). */
export const loopFolder = (position: number, name: string) =>
  `${String(position).padStart(3, '0')} ${name.replace(/[^ a-zA-Z0-9._-]+/g, '').slice(0, 100)}`.trim();

/**
 * The files of Loop's CSV export for `habits` as of `today`, in one of its three generations, byte for byte as Loop
 * writes them: the 2.3.1+ files with headers, names and notes, and the two files at the root; the older ones with
 * the raw numbers and no headers.
 */
export function loopCsvFiles(
  generation: keyof typeof LOOP_HEADERS,
  habits: FixtureHabit[],
  today: string,
): Record<string, string> {
  const files: Record<string, string> = {};
  const rows = habits.map((habit, i) => {
    const position = String(i + 1).padStart(3, '0');
    const color = PALETTE_HEX[habit.color ?? 8]!;
    if (generation === 'v1')
      return csvLine([position, habit.name, habit.question ?? '', habit.numerator, habit.denominator, color]);
    if (generation === 'v2')
      return csvLine([
        position,
        habit.name,
        habit.question ?? '',
        habit.description ?? '',
        habit.numerator,
        habit.denominator,
        color,
      ]);
    return csvLine([
      position,
      habit.name,
      habit.numeric ? 'NUMERICAL' : 'YES_NO',
      habit.question ?? '',
      habit.description ?? '',
      habit.numerator,
      habit.denominator,
      color,
      habit.numeric ? (habit.unit ?? '') : '',
      habit.numeric ? (habit.atMost ? 'AT_MOST' : 'AT_LEAST') : '',
      habit.numeric ? javaDouble(habit.target ?? 0) : '',
      habit.archived ? 'true' : 'false',
    ]);
  });
  files['Habits.csv'] = `${LOOP_HEADERS[generation]}\n${rows.join('')}`;
  const scoresOf = habits.map((habit) => {
    const from = loopScoresFrom(habit, today);
    return { from, scores: loopScores(habit, from, today).reverse() };
  });
  habits.forEach((habit, i) => {
    const folder = loopFolder(i + 1, habit.name);
    const { scores } = scoresOf[i]!;
    const computed = loopComputed(habit);
    if (generation === 'v231') {
      files[`${folder}/Scores.csv`] =
        `Date,Score\n${scores.map(({ date, score }) => csvLine([date, score.toFixed(4)])).join('')}`;
      files[`${folder}/Checkmarks.csv`] =
        `Date,Value,Notes\n${computed.map((entry) => csvLine([dateOf(entry.day), formatted(entry.value), entry.notes])).join('')}`;
    } else {
      files[`${folder}/Scores.csv`] = scores.map(({ date, score }) => `${date},${score.toFixed(4)}\n`).join('');
      files[`${folder}/Checkmarks.csv`] = computed.map((entry) => `${dateOf(entry.day)},${entry.value}\n`).join('');
    }
  });
  if (generation === 'v231') {
    const header = `Date,${habits.map((habit) => `${habit.name},`).join('')}\n`;
    const oldest = Math.min(...habits.flatMap((habit) => [...habit.values.keys()].map(dayOf)));
    const computed = habits.map((habit) => new Map(loopComputed(habit).map((entry) => [entry.day, entry.value])));
    const scores = scoresOf.map(({ scores: list }) => new Map(list.map(({ date, score }) => [date, score.toFixed(4)])));
    let scoresCsv = header;
    let checkmarksCsv = header;
    for (let day = dayOf(today); day >= oldest; day--) {
      const date = dateOf(day);
      scoresCsv += `${date},${scores.map((byDate) => `${byDate.get(date) ?? '0.0000'},`).join('')}\n`;
      checkmarksCsv += `${date},${computed.map((byDay) => `${formatted(byDay.get(day) ?? LOOP.UNKNOWN)},`).join('')}\n`;
    }
    files['Scores.csv'] = scoresCsv;
    files['Checkmarks.csv'] = checkmarksCsv;
  }
  return files;
}

export function zip(files: Record<string, string | Uint8Array>): Buffer {
  return Buffer.from(
    zipSync(
      Object.fromEntries(
        Object.entries(files).map(([name, content]) => [
          name,
          typeof content === 'string' ? strToU8(content) : content,
        ]),
      ),
    ),
  );
}

/** Migration 21 in reverse: today's palette index → the 13-colour palette of schemas 14–20 (only these 13 existed). */
const NEW_TO_OLD_INDEX = new Map([0, 1, 4, 5, 7, 8, 9, 10, 13, 14, 15, 17, 19].map((index, old) => [index, old]));
/** Migration 14 in reverse: the 13-colour palette → the ARGB integers Loop stored before schema 14. */
const OLD_INDEX_TO_ARGB = [
  -2937041, -1684967, -415707, -5262293, -13070788, -16742021, -16732991, -16540699, -10603087, -7461718, -2614432,
  -13619152, -5592406,
];

/** The colour number a backup of schema `version` stores for today's palette index (one the old palettes had). */
export function storedColor(index: number, version: number): number {
  if (version >= 21) return index;
  const old = NEW_TO_OLD_INDEX.get(index);
  if (old === undefined) throw new Error(`palette index ${index} did not exist before schema 21`);
  return version >= 14 ? old : OLD_INDEX_TO_ARGB[old]!;
}

/**
 * Loop's backup at schema `version`, with the tables and columns that schema had (Loop's migrations 09–25): up to 8
 * the ActiveAndroid layout (`Id`, capitalised names), 16 adds values, 18 numeric habits, 23 the question, 24 uuids,
 * 25 notes. It holds what the user entered; automatic check-marks are computed, never stored.
 */
export function loopBackup(habits: FixtureHabit[], { version = 25 }: { version?: number } = {}): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'loop-backup-'));
  const path = join(dir, 'Loop Habits Backup.db');
  const db = new Database(path);
  const activeAndroid = version <= 8;
  const id = activeAndroid ? 'Id' : 'id';
  const habitColumns = [
    `${id} integer primary key autoincrement`,
    'archived integer',
    'color integer',
    'description text',
    'freq_den integer',
    'freq_num integer',
    'highlight integer',
    'name text',
    'position integer',
    'reminder_hour integer',
    'reminder_min integer',
    ...(version >= 11 ? ['reminder_days integer not null default 127'] : []),
    ...(version >= 16 ? ['type integer not null default 0'] : []),
    ...(version >= 18
      ? [
          'target_type integer not null default 0',
          'target_value real not null default 0',
          'unit text not null default ""',
        ]
      : []),
    ...(version >= 23 ? ['question text'] : []),
    ...(version >= 24 ? ['uuid text'] : []),
  ];
  const repetitionColumns = [
    `${id} integer primary key autoincrement`,
    `habit integer${version >= 22 ? ' not null' : ''} references habits(id)`,
    `timestamp integer${version >= 22 ? ' not null' : ''}`,
    ...(version >= 16 ? ['value integer not null'] : []),
    ...(version >= 25 ? ['notes text'] : []),
  ];
  db.exec(
    `create table Habits (${habitColumns.join(', ')}); create table Repetitions (${repetitionColumns.join(', ')});`,
  );
  if (version >= 22) db.exec('create unique index idx_repetitions_habit_timestamp on Repetitions(habit, timestamp)');
  db.pragma(`user_version = ${version}`);
  habits.forEach((habit, i) => {
    const fields: Record<string, unknown> = {
      archived: habit.archived ? 1 : 0,
      color: storedColor(habit.color ?? 8, version),
      // Before schema 23 the question lived in description.
      description: version >= 23 ? (habit.description ?? '') : (habit.question ?? ''),
      freq_den: habit.denominator,
      freq_num: habit.numerator,
      highlight: 0,
      name: habit.name,
      position: i,
      ...(version >= 16 ? { type: habit.numeric ? 1 : 0 } : {}),
      ...(version >= 18
        ? { target_type: habit.atMost ? 1 : 0, target_value: habit.target ?? 0, unit: habit.unit ?? '' }
        : {}),
      ...(version >= 23 ? { question: habit.question ?? '' } : {}),
      ...(version >= 24 ? { uuid: habit.uuid ?? null } : {}),
    };
    const names = Object.keys(fields);
    const { lastInsertRowid: habitId } = db
      .prepare(`insert into Habits (${names.join(', ')}) values (${names.map(() => '?').join(', ')})`)
      .run(...Object.values(fields));
    const insert = db.prepare(
      `insert into Repetitions (habit, timestamp${version >= 16 ? ', value' : ''}${version >= 25 ? ', notes' : ''}) values (?, ?${version >= 16 ? ', ?' : ''}${version >= 25 ? ', ?' : ''})`,
    );
    for (const [date, value] of habit.values) {
      // Before values were stored, a repetition was a check; before notes, an unknown day held nothing.
      if (version < 16 && value !== LOOP.YES_MANUAL) continue;
      if (version < 25 && value === LOOP.UNKNOWN) continue;
      insert.run(
        habitId,
        dayOf(date) * DAY_MS,
        ...(version >= 16 ? [value] : []),
        ...(version >= 25 ? [habit.notes?.get(date) ?? null] : []),
      );
    }
  });
  db.close();
  const bytes = readFileSync(path);
  rmSync(dir, { recursive: true, force: true });
  return bytes;
}

/** A multipart/form-data body carrying `content` in the field `field`. */
export function multipart(
  content: Buffer,
  { field = 'file', filename = 'loop.zip' } = {},
): { raw: Buffer; headers: Record<string, string> } {
  const boundary = '----streakforge-test-boundary';
  const raw = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { raw, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Rewrites every size an archive declares for `name` (local header and central directory) to `declared`. */
export function lieAboutSize(archive: Buffer, name: string, declared: number): Buffer {
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
export function bigBackup(habits: number, repetitions: number): Buffer {
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
