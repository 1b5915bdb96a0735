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
  color?: number;
  archived?: boolean;
  uuid?: string;
  /** Loop's stored values by date, as its computed entries hold them (auto and "no" rows included). */
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

/** A history from `from` to `to` the way Loop would hold one: `pick` decides each day's stored value. */
export function history(from: string, to: string, pick: (day: number, i: number) => number | null): Map<string, number> {
  const values = new Map<string, number>();
  for (let day = dayOf(from), i = 0; day <= dayOf(to); day++, i++) {
    const value = pick(day, i);
    if (value !== null) values.set(dateOf(day), value);
  }
  return values;
}

/**
 * Loop Habit Tracker's ScoreList.recompute, transcribed from its Kotlin source, over Loop's own stored values: the
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
  const values: number[] = [];
  for (let day = dayOf(from); day <= dayOf(to); day++) values.push(habit.values.get(dateOf(day)) ?? LOOP.UNKNOWN);
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
          ? target > 0 ? Math.min(1, sum / target) : 1
          : target > 0 ? Math.min(1, Math.max(0, 1 - (sum - target) / target)) : sum > 0 ? 0 : 1;
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

const csvField = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
const csvLine = (fields: (string | number)[]) => fields.map((field) => csvField(String(field))).join(',');

export const LOOP_HEADERS = {
  v1: 'Position,Name,Description,NumRepetitions,Interval,Color',
  v2: 'Position,Name,Question,Description,NumRepetitions,Interval,Color',
  v231: 'Position,Name,Type,Question,Description,FrequencyNumerator,FrequencyDenominator,Color,Unit,Target Type,Target Value,Archived?',
} as const;

export const PALETTE_HEX = ['#D32F2F', '#E64A19', '#F57C00', '#FF8F00', '#F9A825', '#AFB42B', '#7CB342', '#388E3C'];

/** The files of Loop's CSV export for `habits`, in one of its three generations, with Scores.csv up to `today`. */
export function loopCsvFiles(generation: keyof typeof LOOP_HEADERS, habits: FixtureHabit[], today: string): Record<string, string> {
  const files: Record<string, string> = {};
  const rows = habits.map((habit, i) => {
    const position = String(i + 1).padStart(3, '0');
    const color = PALETTE_HEX[habit.color ?? 0]!;
    if (generation === 'v1') return csvLine([position, habit.name, habit.description ?? '', habit.numerator, habit.denominator, color]);
    if (generation === 'v2') return csvLine([position, habit.name, habit.question ?? '', habit.description ?? '', habit.numerator, habit.denominator, color]);
    return csvLine([
      position,
      habit.name,
      habit.numeric ? 'NUMERICAL' : 'YES_NO',
      habit.question ?? '',
      habit.description ?? '',
      habit.numerator,
      habit.denominator,
      color,
      habit.unit ?? '',
      habit.atMost ? 'AT_MOST' : 'AT_LEAST',
      habit.target ?? 0,
      habit.archived ? 'true' : 'false',
    ]);
  });
  files['Habits.csv'] = `${[LOOP_HEADERS[generation], ...rows].join('\n')}\n`;
  habits.forEach((habit, i) => {
    // Loop sanitizes names for folder names; the number is what ties a folder to its row.
    const folder = `${String(i + 1).padStart(3, '0')} ${habit.name.replace(/[^\p{L}\p{N} ]/gu, '_')}`;
    const dates = [...habit.values.keys()].sort().reverse();
    files[`${folder}/Checkmarks.csv`] =
      generation === 'v231'
        ? `Date,Value,Notes\n${dates
            .map((date) => {
              const value = habit.values.get(date)!;
              return csvLine([date, habit.numeric && value !== LOOP.SKIP ? value : NAMES[value]!, habit.notes?.get(date) ?? '']);
            })
            .join('\n')}\n`
        : dates.map((date) => `${date},${habit.values.get(date)}`).join('\n') + '\n';
    const first = [...habit.values.keys()].sort()[0] ?? today;
    files[`${folder}/Scores.csv`] = loopScores(habit, first, today)
      .reverse()
      .map(({ date, score }) => `${date},${score.toFixed(4)}`)
      .join('\n');
  });
  return files;
}

export function zip(files: Record<string, string | Uint8Array>): Buffer {
  return Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([name, content]) => [name, typeof content === 'string' ? strToU8(content) : content]))));
}

/** Loop's backup schema: version 25 has every column; older versions lack the later ones. */
export function loopBackup(habits: FixtureHabit[], { version = 25 }: { version?: number } = {}): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'loop-backup-'));
  const path = join(dir, 'Loop Habits Backup.db');
  const db = new Database(path);
  const modern = version >= 22;
  db.exec(`
    create table Habits (id integer primary key autoincrement, archived integer, color integer, description text, freq_den integer,
      freq_num integer, highlight integer, name text, position integer, reminder_hour integer, reminder_min integer
      ${modern ? ', question text, type integer not null default 0, target_type integer not null default 0, target_value real not null default 0, unit text not null default "", reminder_days integer not null default 127, uuid text' : ''});
    create table Repetitions (id integer primary key autoincrement, habit integer not null references Habits(id), timestamp integer not null
      ${version >= 13 ? ', value integer not null' : ''}${modern ? ', notes text' : ''});
  `);
  db.pragma(`user_version = ${version}`);
  habits.forEach((habit, i) => {
    const { lastInsertRowid: id } = db
      .prepare(
        `insert into Habits (archived, color, description, freq_den, freq_num, highlight, name, position${modern ? ', question, type, target_type, target_value, unit, uuid' : ''})
         values (?, ?, ?, ?, ?, 0, ?, ?${modern ? ', ?, ?, ?, ?, ?, ?' : ''})`,
      )
      .run(
        habit.archived ? 1 : 0,
        habit.color ?? 0,
        habit.description ?? '',
        habit.denominator,
        habit.numerator,
        habit.name,
        i,
        ...(modern ? [habit.question ?? '', habit.numeric ? 1 : 0, habit.atMost ? 1 : 0, habit.target ?? 0, habit.unit ?? '', habit.uuid ?? null] : []),
      );
    const insert = db.prepare(
      `insert into Repetitions (habit, timestamp${version >= 13 ? ', value' : ''}${modern ? ', notes' : ''}) values (?, ?${version >= 13 ? ', ?' : ''}${modern ? ', ?' : ''})`,
    );
    for (const [date, value] of habit.values) {
      // Backups hold what the user entered: automatic check-marks are computed, never stored.
      if (value === LOOP.YES_AUTO || (!habit.numeric && value === LOOP.NO)) continue;
      if (version < 13 && value !== LOOP.YES_MANUAL) continue;
      insert.run(id, dayOf(date) * DAY_MS, ...(version >= 13 ? [value] : []), ...(modern ? [habit.notes?.get(date) ?? null] : []));
    }
  });
  db.close();
  const bytes = readFileSync(path);
  rmSync(dir, { recursive: true, force: true });
  return bytes;
}

/** A multipart/form-data body carrying `content` in the field `field`. */
export function multipart(content: Buffer, { field = 'file', filename = 'loop.zip' } = {}): { raw: Buffer; headers: Record<string, string> } {
  const boundary = '----streakforge-test-boundary';
  const raw = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
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
