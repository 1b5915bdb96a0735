import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { Unzip, UnzipInflate } from 'fflate';
import { isoDate } from '@streakforge/core';
import { EARLIEST_DATE, isAcceptedDate } from '../common/dates.js';
import { MAX_HABITS_PER_USER } from '../common/limits.js';

/** A file that is not a Loop Habit Tracker export, or a broken one; `field` says where (the API answers 400). */
export class LoopFormatError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** A file over a size limit (inflated bytes, rows, habits): the API answers 413. */
export class LoopTooLargeError extends LoopFormatError {
  constructor(message: string) {
    super('file', message);
  }
}

/** One day of a Loop habit as Loop stored it: a manual check, a skip, an amount, or derived data Loop computes. */
export interface LoopEntry {
  date: string;
  mark: 'done' | 'skip' | 'derived';
  /** Numeric habits: the amount (Loop's stored value ÷ 1000). */
  amount: number | null;
  notes: string | null;
  /** Where the row is, for error messages. */
  where: string;
}

export interface LoopHabit {
  where: string;
  /** 1-based, as Loop numbers its export folders. */
  position: number;
  name: string;
  question: string | null;
  description: string | null;
  numeric: boolean;
  numerator: number;
  denominator: number;
  /** `#RRGGBB`, or a Loop palette index (backups store the index). */
  color: string | number | null;
  unit: string | null;
  atMost: boolean;
  targetValue: number | null;
  archived: boolean;
  uuid: string | null;
  entries: LoopEntry[];
}

export interface LoopExport {
  format: 'csv' | 'db';
  habits: LoopHabit[];
}

/** Loop's check-mark values (Entry.kt); numeric habits store amounts × 1000 in the same column. */
const YES_MANUAL = 2;
const SKIP = 3;
const DERIVED_MARKS = new Set([-1, 0, 1]);
const MARK_NAMES: Record<string, LoopEntry['mark']> = { YES_MANUAL: 'done', SKIP: 'skip', YES_AUTO: 'derived', NO: 'derived', UNKNOWN: 'derived' };

const DAY_MS = 86_400_000;
/**
 * Inflated check-mark bytes we are willing to hold: 100 habits × 10 years of Loop's CSVs are about 5 MiB; anything
 * near this is not a Loop export, and parsing it would hold hundreds of megabytes.
 */
export const MAX_UNZIPPED_BYTES = 32 * 1024 * 1024;
const UNZIP_SLICE = 64 * 1024;
/** Days (Loop's rows, derived ones included) one file may hold; the account limit bounds its habits. */
export const MAX_LOOP_ROWS = 1_000_000;

const HEADERS = [
  'Position,Name,Description,NumRepetitions,Interval,Color',
  'Position,Name,Question,Description,NumRepetitions,Interval,Color',
  'Position,Name,Type,Question,Description,FrequencyNumerator,FrequencyDenominator,Color,Unit,Target Type,Target Value,Archived?',
];

const startsWith = (file: Uint8Array, prefix: string) => Buffer.from(file.subarray(0, prefix.length)).toString('latin1') === prefix;

/** Reads Loop Habit Tracker's CSV export zip or its SQLite backup. */
export function readLoopExport(file: Uint8Array): LoopExport {
  if (startsWith(file, 'PK\x03\x04') || startsWith(file, 'PK\x05\x06')) return { format: 'csv', habits: readCsvZip(file) };
  if (startsWith(file, 'SQLite format 3\0')) return { format: 'db', habits: readBackup(file) };
  throw new LoopFormatError('file', "not a Loop Habit Tracker export: expected its CSV export (.zip) or its backup (.db)");
}

/**
 * A check-mark cell. Where Loop writes names (2.3.1+), a numeric habit's numbers are all amounts; in the older raw
 * form (and in backups) the codes share the column with amounts, so 3 is a skip and -1 unknown there too.
 */
function decodeMark(raw: string, numeric: boolean, named: boolean, where: string): Pick<LoopEntry, 'mark' | 'amount'> {
  const name = MARK_NAMES[raw.trim().toUpperCase()];
  if (name === 'done' && numeric) throw new LoopFormatError(where, 'a numeric habit records an amount, not YES_MANUAL');
  if (name) return { mark: name, amount: null };
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new LoopFormatError(where, `unreadable check-mark value "${raw.slice(0, 40)}"`);
  if (named && numeric) return amountOf(value, where);
  return decodeValue(value, numeric, where);
}

function amountOf(value: number, where: string): Pick<LoopEntry, 'mark' | 'amount'> {
  if (value < 0) throw new LoopFormatError(where, `negative amount ${value}`);
  return { mark: 'done', amount: value / 1000 };
}

function decodeValue(value: number, numeric: boolean, where: string): Pick<LoopEntry, 'mark' | 'amount'> {
  if (value === SKIP) return { mark: 'skip', amount: null };
  if (DERIVED_MARKS.has(value) && (!numeric || value === -1)) return { mark: 'derived', amount: null };
  if (numeric) return amountOf(value, where);
  if (value === YES_MANUAL) return { mark: 'done', amount: null };
  throw new LoopFormatError(where, `unknown check-mark value ${value}`);
}

function checkedDate(date: string, where: string): string {
  const shown = date.slice(0, 40);
  if (!isAcceptedDate(date)) throw new LoopFormatError(where, `bad date "${shown}": expected YYYY-MM-DD from ${EARLIEST_DATE}`);
  return date;
}

/** Lines of a text, counted before parsing it into rows (which would hold every row at once). */
function lineCount(content: string): number {
  let lines = 1;
  for (let at = content.indexOf('\n'); at !== -1; at = content.indexOf('\n', at + 1)) lines++;
  return lines;
}

/** Refuses (413) a file with more habits than an account holds or more rows than an import takes. */
function assertWithinLimits(habits: number, rows: number): void {
  if (habits > MAX_HABITS_PER_USER) throw new LoopTooLargeError(`the file holds ${habits} habits; an account holds at most ${MAX_HABITS_PER_USER}`);
  if (rows > MAX_LOOP_ROWS) throw new LoopTooLargeError(`the file holds about ${rows} days of check-marks; one import takes at most ${MAX_LOOP_ROWS}`);
}

function csvRows(text: string, where: string): string[][] {
  try {
    return parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  } catch (error) {
    throw new LoopFormatError(where, `unreadable CSV: ${(error as Error).message.split('\n')[0]}`);
  }
}

/**
 * The archive's Habits.csv and Checkmarks.csv files as text, inflated as a stream with a budget on the bytes that
 * actually come out: an entry's declared size is whatever its maker wrote, so a small archive can claim 64 bytes and
 * inflate to a gigabyte. Past {@link MAX_UNZIPPED_BYTES} the read stops with a 413.
 */
function unzip(file: Uint8Array): Record<string, string> {
  const chunks = new Map<string, Uint8Array[]>();
  let inflated = 0;
  let failure: Error | undefined;
  const unzipper = new Unzip((entry) => {
    if (failure || !/(^|\/)(Habits|Checkmarks)\.csv$/.test(entry.name)) return;
    const parts: Uint8Array[] = [];
    chunks.set(entry.name, parts);
    entry.ondata = (error, chunk) => {
      if (failure) return;
      if (error) {
        failure = new LoopFormatError('file', `not a readable zip archive (${error.message})`);
        return;
      }
      inflated += chunk.length;
      if (inflated > MAX_UNZIPPED_BYTES) {
        failure = new LoopTooLargeError(`the archive unpacks to more than ${MAX_UNZIPPED_BYTES / 1024 / 1024} MiB of check-marks, more than a Loop export holds`);
        entry.terminate();
        return;
      }
      parts.push(chunk);
    };
    entry.start();
  });
  unzipper.register(UnzipInflate);
  try {
    // Pushed in slices, so a bomb is stopped a slice after it crosses the budget rather than at the end.
    for (let offset = 0; offset < file.length && !failure; offset += UNZIP_SLICE) {
      unzipper.push(file.subarray(offset, offset + UNZIP_SLICE), offset + UNZIP_SLICE >= file.length);
    }
  } catch (error) {
    failure ??= new LoopFormatError('file', `not a readable zip archive (${(error as Error).message})`);
  }
  if (failure) throw failure;
  // Decoded once here: the row count and the parse both read the text.
  const decoder = new TextDecoder('utf-8');
  return Object.fromEntries([...chunks].map(([name, parts]) => [name, decoder.decode(Buffer.concat(parts))]));
}

function readCsvZip(file: Uint8Array): LoopHabit[] {
  const entries = unzip(file);
  const habitsPath = Object.keys(entries)
    .filter((name) => name === 'Habits.csv' || name.endsWith('/Habits.csv'))
    .sort((a, b) => a.split('/').length - b.split('/').length)[0];
  if (!habitsPath) throw new LoopFormatError('file', 'the archive has no Habits.csv: not a Loop Habit Tracker CSV export');
  const root = habitsPath.slice(0, -'Habits.csv'.length);

  const checkmarks = new Map<number, string>();
  for (const name of Object.keys(entries)) {
    const match = /^(\d+) [^/]*\/Checkmarks\.csv$/.exec(name.slice(root.length));
    if (name.startsWith(root) && match) checkmarks.set(Number(match[1]), name);
  }

  const habitsText = entries[habitsPath]!;
  assertWithinLimits(
    lineCount(habitsText) - 1,
    [...checkmarks.values()].reduce((sum, name) => sum + lineCount(entries[name]!), 0),
  );
  const [header, ...rows] = csvRows(habitsText, 'Habits.csv');
  const columns = (header ?? []).map((column) => column.trim());
  if (!HEADERS.includes(columns.join(','))) {
    throw new LoopFormatError('Habits.csv', `unknown header "${columns.join(',').slice(0, 200)}": not a Loop Habit Tracker export`);
  }
  const modern = columns.includes('FrequencyNumerator');
  return rows.map((row, i) => {
    const where = `Habits.csv line ${i + 2}`;
    if (row.length !== columns.length) throw new LoopFormatError(where, `expected ${columns.length} columns, found ${row.length}`);
    const cell = (column: string) => row[columns.indexOf(column)]?.trim() ?? '';
    const optional = (column: string) => (columns.includes(column) && cell(column) !== '' ? cell(column) : null);
    const position = integerOf(cell('Position'), `${where} Position`);
    const numeric = modern && /^(1|NUMERICAL|NUMERIC)$/i.test(cell('Type'));
    if (modern && !numeric && !/^(0|YES_NO|BOOLEAN)$/i.test(cell('Type'))) throw new LoopFormatError(`${where} Type`, `unknown habit type "${cell('Type')}"`);
    const habit: LoopHabit = {
      where,
      position,
      name: cell('Name'),
      question: optional('Question'),
      description: optional('Description'),
      numeric,
      numerator: integerOf(cell(modern ? 'FrequencyNumerator' : 'NumRepetitions'), `${where} frequency`),
      denominator: integerOf(cell(modern ? 'FrequencyDenominator' : 'Interval'), `${where} frequency`),
      color: colorOf(cell('Color'), `${where} Color`),
      unit: optional('Unit'),
      atMost: modern && /^(1|AT_MOST)$/i.test(cell('Target Type')),
      targetValue: modern && numeric ? numberOf(cell('Target Value'), `${where} Target Value`) : null,
      archived: modern && /^(true|1|yes)$/i.test(cell('Archived?')),
      uuid: null,
      entries: [],
    };
    const path = checkmarks.get(position);
    if (path) habit.entries = readCheckmarks(entries[path]!, numeric, path.slice(root.length));
    return habit;
  });
}

function readCheckmarks(content: string, numeric: boolean, where: string): LoopEntry[] {
  const rows = csvRows(content, where);
  const named = rows[0]?.[0]?.trim().toLowerCase() === 'date';
  return rows.slice(named ? 1 : 0).map((row, i) => {
    const at = `${where} line ${i + (named ? 2 : 1)}`;
    if (row.length < 2) throw new LoopFormatError(at, 'expected a date and a value');
    return { date: checkedDate(row[0]!.trim(), at), ...decodeMark(row[1]!, numeric, named, at), notes: named ? row[2] || null : null, where: at };
  });
}

function integerOf(value: string, where: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new LoopFormatError(where, `expected a whole number, found "${value.slice(0, 40)}"`);
  return Number(value);
}

function numberOf(value: string, where: string): number {
  const number = Number(value);
  if (value === '' || !Number.isFinite(number)) throw new LoopFormatError(where, `expected a number, found "${value.slice(0, 40)}"`);
  return number;
}

function colorOf(value: string, where: string): string | number | null {
  if (value === '') return null;
  if (/^#[0-9A-Fa-f]{6}$/.test(value)) return value.toUpperCase();
  if (/^\d{1,3}$/.test(value)) return Number(value);
  throw new LoopFormatError(where, `unreadable colour "${value.slice(0, 40)}"`);
}

/** Loop's backups up to this schema version have been checked against this reader. */
const NEWEST_SCHEMA = 25;

interface BackupHabitRow {
  id: number;
  position: number | null;
  name: string | null;
  question: string | null;
  description: string | null;
  type: number | null;
  freq_num: number;
  freq_den: number;
  color: number | null;
  unit: string | null;
  target_type: number | null;
  target_value: number | null;
  archived: number | null;
  uuid: string | null;
}

function readBackup(file: Uint8Array): LoopHabit[] {
  let db: Database.Database;
  try {
    db = new Database(Buffer.from(file), { readonly: true });
  } catch (error) {
    throw new LoopFormatError('file', `unreadable SQLite file (${(error as Error).message})`);
  }
  try {
    return readBackupTables(db);
  } catch (error) {
    if (error instanceof LoopFormatError) throw error;
    throw new LoopFormatError('file', `unreadable Loop backup (${(error as Error).message})`);
  } finally {
    db.close();
  }
}

function readBackupTables(db: Database.Database): LoopHabit[] {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > NEWEST_SCHEMA) throw new LoopFormatError('file', `Loop backup schema ${version} is newer than this server reads (up to ${NEWEST_SCHEMA})`);
  const tables = new Set(db.prepare(`select name from sqlite_master where type = 'table'`).pluck().all() as string[]);
  if (!tables.has('Habits') || !tables.has('Repetitions')) {
    throw new LoopFormatError('file', 'the database has no Habits and Repetitions tables: not a Loop Habit Tracker backup');
  }
  const columnsOf = (table: string) => new Set((db.prepare(`select name from pragma_table_info(?)`).pluck().all(table) as string[]).map((c) => c.toLowerCase()));
  const habitColumns = columnsOf('Habits');
  const repetitionColumns = columnsOf('Repetitions');
  for (const [table, have, need] of [
    ['Habits', habitColumns, ['id', 'name', 'freq_num', 'freq_den']],
    ['Repetitions', repetitionColumns, ['habit', 'timestamp']],
  ] as const) {
    const missing = need.filter((column) => !have.has(column));
    if (missing.length) throw new LoopFormatError('file', `${table} lacks ${missing.join(', ')}: not a Loop Habit Tracker backup`);
  }
  const column = (have: Set<string>, name: string, fallback = 'null') => (have.has(name) ? name : fallback);
  assertWithinLimits(
    db.prepare('select count(*) from Habits').pluck().get() as number,
    db.prepare('select count(*) from Repetitions').pluck().get() as number,
  );
  const habits = db
    .prepare(
      `select id, ${column(habitColumns, 'position')} as position, name, ${column(habitColumns, 'question')} as question,
              ${column(habitColumns, 'description')} as description, ${column(habitColumns, 'type')} as type, freq_num, freq_den,
              ${column(habitColumns, 'color')} as color, ${column(habitColumns, 'unit')} as unit,
              ${column(habitColumns, 'target_type')} as target_type, ${column(habitColumns, 'target_value')} as target_value,
              ${column(habitColumns, 'archived')} as archived, ${column(habitColumns, 'uuid')} as uuid
       from Habits order by position, id`,
    )
    .all() as BackupHabitRow[];
  // One sorted pass over every repetition: a backup need not have Loop's index on (habit, timestamp), and a query per
  // habit would then scan the whole table once per habit.
  const repetitionsByHabit = new Map<unknown, { timestamp: unknown; value: unknown; notes: unknown }[]>();
  const repetitions = db.prepare(
    `select habit, timestamp, ${column(repetitionColumns, 'value', String(YES_MANUAL))} as value, ${column(repetitionColumns, 'notes')} as notes
     from Repetitions order by habit, timestamp, rowid`,
  );
  for (const { habit, ...repetition } of repetitions.iterate() as Iterable<{ habit: unknown; timestamp: unknown; value: unknown; notes: unknown }>) {
    let list = repetitionsByHabit.get(habit);
    if (!list) repetitionsByHabit.set(habit, (list = []));
    list.push(repetition);
  }
  return habits.map((row, i) => {
    const where = `Habits row id ${row.id}`;
    const numeric = row.type === 1;
    const entries = (repetitionsByHabit.get(row.id) ?? []).map((repetition) => {
      const at = `Repetitions of habit ${row.id} at ${String(repetition.timestamp).slice(0, 20)}`;
      const { timestamp, value } = repetition;
      if (typeof timestamp !== 'number' || !Number.isInteger(timestamp) || timestamp % DAY_MS !== 0) {
        throw new LoopFormatError(at, 'timestamp is not a day start in milliseconds');
      }
      if (typeof value !== 'number') throw new LoopFormatError(at, 'value is not a number');
      return {
        date: checkedDate(isoDate(timestamp / DAY_MS), at),
        ...decodeValue(value, numeric, at),
        notes: typeof repetition.notes === 'string' && repetition.notes !== '' ? repetition.notes : null,
        where: at,
      };
    });
    if (typeof row.freq_num !== 'number' || typeof row.freq_den !== 'number') throw new LoopFormatError(where, 'frequency is not a number');
    return {
      where,
      position: (typeof row.position === 'number' ? row.position : i) + 1,
      name: (row.name ?? '').trim(),
      question: row.question?.trim() || null,
      description: row.description?.trim() || null,
      numeric,
      numerator: row.freq_num,
      denominator: row.freq_den,
      color: row.color,
      unit: row.unit?.trim() || null,
      atMost: row.target_type === 1,
      targetValue: numeric ? row.target_value : null,
      archived: row.archived === 1,
      uuid: row.uuid?.trim() || null,
      entries,
    };
  });
}
