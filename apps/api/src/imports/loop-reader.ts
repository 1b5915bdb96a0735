import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { Unzip, UnzipInflate } from 'fflate';
import { isoDate } from '@streakforge/core';
import { EARLIEST_DATE, isAcceptedDate } from '../common/dates.js';
import { MAX_HABITS_PER_USER } from '../common/limits.js';
import { loopColorHex, loopColorIndex } from './loop-palette.js';

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

/**
 * One day of a Loop habit as Loop wrote it: a manual check, a skip, a manual "no", an automatic check-mark, an
 * unknown day (one that holds only a note), or an amount (numeric habits).
 */
export interface LoopEntry {
  date: string;
  kind: 'done' | 'skip' | 'no' | 'auto' | 'unknown';
  /** Numeric habits' done days: the amount (Loop's stored value ÷ 1000). */
  amount: number | null;
  notes: string | null;
  /** The row's number in its source (a line of Checkmarks.csv, a backup's rowid); see {@link entryWhere}. */
  row: number;
}

export interface LoopHabit {
  where: string;
  /** The source of its entries, which a row number completes: `001 Read/Checkmarks.csv line `, `Repetitions row `. */
  rowsWhere: string;
  /** 1-based, as Loop numbers its export folders. */
  position: number;
  name: string;
  question: string | null;
  description: string | null;
  numeric: boolean;
  numerator: number;
  denominator: number;
  /** `#RRGGBB` as Loop showed it (old schemas' colour numbers already converted), or null. */
  color: string | null;
  unit: string | null;
  atMost: boolean;
  targetValue: number | null;
  archived: boolean;
  uuid: string | null;
  entries: LoopEntry[];
}

/** A habit of a Loop file and its place among the file's habits (Habits.csv's rows, a backup's positions). */
export interface PlacedLoopHabit {
  index: number;
  habit: LoopHabit;
}

/**
 * Where an entry came from, for an error message (`001 Read/Checkmarks.csv line 12`): made only when one is needed,
 * since a file holds hundreds of thousands of entries.
 */
export const entryWhere = (habit: Pick<LoopHabit, 'rowsWhere'>, entry: Pick<LoopEntry, 'row'>): string =>
  `${habit.rowsWhere}${entry.row}`;

/** Loop's check-mark values (Entry.kt); numeric habits store amounts × 1000 in the same column. */
const UNKNOWN = -1;
const NO = 0;
const YES_AUTO = 1;
const YES_MANUAL = 2;
const SKIP = 3;
const MARK_VALUES = new Map(Object.entries({ UNKNOWN, NO, YES_AUTO, YES_MANUAL, SKIP }));
const KINDS = new Map<number, LoopEntry['kind']>([
  [UNKNOWN, 'unknown'],
  [NO, 'no'],
  [YES_AUTO, 'auto'],
  [YES_MANUAL, 'done'],
  [SKIP, 'skip'],
]);

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

const startsWith = (file: Uint8Array, prefix: string) =>
  Buffer.from(file.subarray(0, prefix.length)).toString('latin1') === prefix;

function loopFormat(file: Uint8Array): 'csv' | 'db' {
  if (startsWith(file, 'PK\x03\x04') || startsWith(file, 'PK\x05\x06')) return 'csv';
  if (startsWith(file, 'SQLite format 3\0')) return 'db';
  throw new LoopFormatError(
    'file',
    'not a Loop Habit Tracker export: expected its CSV export (.zip) or its backup (.db)',
  );
}

/**
 * The habits of Loop Habit Tracker's CSV export zip or its SQLite backup, one at a time with its place, so a reader
 * need hold only one habit's days (a backup's come in the order of their habit ids). A problem of the file is thrown
 * when the read reaches it: a habit given before then is no sign the file is sound.
 */
export function loopHabits(file: Uint8Array): Generator<PlacedLoopHabit> {
  return loopFormat(file) === 'csv' ? csvZipHabits(file) : backupHabits(file);
}

/**
 * A check-mark cell. Loop 2.3.1+ writes every value through one table of names (Entry.formattedValue), so a numeric
 * habit's stored 0, 1 and 2 come out as NO, YES_AUTO and YES_MANUAL, and its 3 and -1 as SKIP and UNKNOWN; older
 * exports write the stored numbers, where the same codes share the column with amounts.
 */
function decodeMark(raw: string, numeric: boolean, where: string): Pick<LoopEntry, 'kind' | 'amount'> {
  const trimmed = raw.trim();
  const named = MARK_VALUES.get(trimmed.toUpperCase());
  const value = named ?? Number(trimmed);
  if (trimmed === '' || !Number.isFinite(value))
    throw new LoopFormatError(where, `unreadable check-mark value "${raw.slice(0, 40)}"`);
  return decodeValue(value, numeric, where);
}

/** A stored value: Loop's codes for yes/no habits; for numeric habits an amount × 1000, or 3 (skip) or -1 (unknown). */
function decodeValue(value: number, numeric: boolean, where: string): Pick<LoopEntry, 'kind' | 'amount'> {
  if (numeric) {
    if (value === SKIP || value === UNKNOWN) return { kind: KINDS.get(value)!, amount: null };
    if (value < 0) throw new LoopFormatError(where, `negative amount ${value}`);
    return { kind: 'done', amount: value / 1000 };
  }
  const kind = KINDS.get(value);
  if (!kind) throw new LoopFormatError(where, `unknown check-mark value ${value}`);
  return { kind, amount: null };
}

function checkedDate(date: string, where: string): string {
  const shown = date.slice(0, 40);
  if (!isAcceptedDate(date))
    throw new LoopFormatError(where, `bad date "${shown}": expected YYYY-MM-DD from ${EARLIEST_DATE}`);
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
  if (habits > MAX_HABITS_PER_USER)
    throw new LoopTooLargeError(`the file holds ${habits} habits; an account holds at most ${MAX_HABITS_PER_USER}`);
  if (rows > MAX_LOOP_ROWS)
    throw new LoopTooLargeError(
      `the file holds about ${rows} days of check-marks; one import takes at most ${MAX_LOOP_ROWS}`,
    );
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
        failure = new LoopTooLargeError(
          `the archive unpacks to more than ${MAX_UNZIPPED_BYTES / 1024 / 1024} MiB of check-marks, more than a Loop export holds`,
        );
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

function* csvZipHabits(file: Uint8Array): Generator<PlacedLoopHabit> {
  const entries = unzip(file);
  const habitsPath = Object.keys(entries)
    .filter((name) => name === 'Habits.csv' || name.endsWith('/Habits.csv'))
    .sort((a, b) => a.split('/').length - b.split('/').length)[0];
  if (!habitsPath)
    throw new LoopFormatError('file', 'the archive has no Habits.csv: not a Loop Habit Tracker CSV export');
  const root = habitsPath.slice(0, -'Habits.csv'.length);

  // A folder is "NNN <name>" with the name stripped to ASCII letters, digits and " ._-": a name of other characters
  // leaves "NNN" alone. The number ties the folder to its row of Habits.csv.
  const checkmarks = new Map<number, string>();
  for (const name of Object.keys(entries)) {
    const match = /^(\d+)(?: [^/]*)?\/Checkmarks\.csv$/.exec(name.slice(root.length));
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
    throw new LoopFormatError(
      'Habits.csv',
      `unknown header "${columns.join(',').slice(0, 200)}": not a Loop Habit Tracker export`,
    );
  }
  const modern = columns.includes('FrequencyNumerator');
  const positions = new Set<number>();
  for (const [i, row] of rows.entries()) {
    const where = `Habits.csv line ${i + 2}`;
    if (row.length !== columns.length)
      throw new LoopFormatError(where, `expected ${columns.length} columns, found ${row.length}`);
    const cell = (column: string) => row[columns.indexOf(column)]?.trim() ?? '';
    const optional = (column: string) => (columns.includes(column) && cell(column) !== '' ? cell(column) : null);
    const position = integerOf(cell('Position'), `${where} Position`);
    const numeric = modern && /^(1|NUMERICAL|NUMERIC)$/i.test(cell('Type'));
    if (modern && !numeric && !/^(0|YES_NO|BOOLEAN)$/i.test(cell('Type')))
      throw new LoopFormatError(`${where} Type`, `unknown habit type "${cell('Type')}"`);
    const path = checkmarks.get(position);
    const habit: LoopHabit = {
      where,
      rowsWhere: path ? `${path.slice(root.length)} line ` : '',
      position,
      name: cell('Name'),
      // The oldest header has no Question: its Description column held the question, as Loop's schemas before 23 did.
      question: columns.includes('Question') ? optional('Question') : optional('Description'),
      description: columns.includes('Question') ? optional('Description') : null,
      numeric,
      numerator: integerOf(cell(modern ? 'FrequencyNumerator' : 'NumRepetitions'), `${where} frequency`),
      denominator: integerOf(cell(modern ? 'FrequencyDenominator' : 'Interval'), `${where} frequency`),
      color: colorOf(cell('Color'), `${where} Color`),
      unit: optional('Unit'),
      atMost: modern && /^(1|AT_MOST)$/i.test(cell('Target Type')),
      targetValue: modern && numeric ? numberOf(cell('Target Value'), `${where} Target Value`) : null,
      archived: modern && /^(true|1|yes)$/i.test(cell('Archived?')),
      uuid: null,
      entries: path ? readCheckmarks(entries[path]!, numeric, path.slice(root.length)) : [],
    };
    positions.add(position);
    yield { index: i, habit };
  }
  for (const [position, path] of checkmarks) {
    if (!positions.has(position)) {
      throw new LoopFormatError(
        path.slice(root.length),
        `these check-marks belong to habit ${position}, which Habits.csv does not list`,
      );
    }
  }
}

function readCheckmarks(content: string, numeric: boolean, where: string): LoopEntry[] {
  const rows = csvRows(content, where);
  const named = rows[0]?.[0]?.trim().toLowerCase() === 'date';
  return rows.slice(named ? 1 : 0).map((row, i) => {
    const line = i + (named ? 2 : 1);
    const at = `${where} line ${line}`;
    if (row.length < 2) throw new LoopFormatError(at, 'expected a date and a value');
    return {
      date: checkedDate(row[0]!.trim(), at),
      ...decodeMark(row[1]!, numeric, at),
      notes: named ? row[2] || null : null,
      row: line,
    };
  });
}

function integerOf(value: string, where: string): number {
  if (!/^\d{1,9}$/.test(value))
    throw new LoopFormatError(where, `expected a whole number, found "${value.slice(0, 40)}"`);
  return Number(value);
}

function numberOf(value: string, where: string): number {
  const number = Number(value);
  if (value === '' || !Number.isFinite(number))
    throw new LoopFormatError(where, `expected a number, found "${value.slice(0, 40)}"`);
  return number;
}

/** Loop's backups up to this schema version have been checked against this reader. */
const NEWEST_SCHEMA = 25;

/** Habits.csv writes `#RRGGBB` (a palette index in files some tools write); anything else is refused. */
function colorOf(value: string, where: string): string | null {
  if (value === '') return null;
  if (/^#[0-9A-Fa-f]{6}$/.test(value)) return value.toUpperCase();
  const index = /^\d{1,3}$/.test(value) ? loopColorIndex(Number(value), NEWEST_SCHEMA) : null;
  if (index === null) throw new LoopFormatError(where, `unreadable colour "${value.slice(0, 40)}"`);
  return loopColorHex(index);
}

function* backupHabits(file: Uint8Array): Generator<PlacedLoopHabit> {
  let db: Database.Database;
  try {
    db = new Database(Buffer.from(file), { readonly: true });
  } catch (error) {
    throw new LoopFormatError('file', `unreadable SQLite file (${(error as Error).message})`);
  }
  try {
    yield* backupTableHabits(db);
  } catch (error) {
    if (error instanceof LoopFormatError) throw error;
    throw new LoopFormatError('file', `unreadable Loop backup (${(error as Error).message})`);
  } finally {
    db.close();
  }
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * A table's columns by lower-case name → the name as declared. SQLite matches names case-insensitively but a result
 * row carries the declared spelling: Loop's early (ActiveAndroid) databases declare `Id`, and Loop's migrations never
 * rename it, so a backup of today's schema can still have it. Every column is therefore read under an alias.
 */
function columnsOf(db: Database.Database, table: string): Map<string, string> {
  const names = db.prepare('select name from pragma_table_info(?)').pluck().all(table) as string[];
  return new Map(names.map((name) => [name.toLowerCase(), name]));
}

/** `<declared name> as <alias>`, or `<fallback> as <alias>` when the schema has no such column. */
function selected(columns: Map<string, string>, name: string, fallback = 'null'): string {
  const declared = columns.get(name);
  return `${declared ? quoted(declared) : fallback} as ${name}`;
}

interface BackupHabitRow {
  id: unknown;
  position: unknown;
  name: unknown;
  question: unknown;
  description: unknown;
  type: unknown;
  freq_num: unknown;
  freq_den: unknown;
  color: unknown;
  unit: unknown;
  target_type: unknown;
  target_value: unknown;
  archived: unknown;
  uuid: unknown;
}

interface BackupRepetitionRow {
  rowid: number;
  habit: unknown;
  timestamp: unknown;
  value: unknown;
  notes: unknown;
}

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

function* backupTableHabits(db: Database.Database): Generator<PlacedLoopHabit> {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > NEWEST_SCHEMA)
    throw new LoopFormatError(
      'file',
      `Loop backup schema ${version} is newer than this server reads (up to ${NEWEST_SCHEMA})`,
    );
  const tables = new Map(
    (db.prepare(`select name from sqlite_master where type = 'table'`).pluck().all() as string[]).map((name) => [
      name.toLowerCase(),
      name,
    ]),
  );
  const habitsTable = tables.get('habits');
  const repetitionsTable = tables.get('repetitions');
  if (!habitsTable || !repetitionsTable) {
    throw new LoopFormatError(
      'file',
      'the database has no Habits and Repetitions tables: not a Loop Habit Tracker backup',
    );
  }
  const habitColumns = columnsOf(db, habitsTable);
  const repetitionColumns = columnsOf(db, repetitionsTable);
  for (const [table, have, need] of [
    ['Habits', habitColumns, ['id', 'name', 'freq_num', 'freq_den']],
    ['Repetitions', repetitionColumns, ['habit', 'timestamp']],
  ] as const) {
    const missing = need.filter((column) => !have.has(column));
    if (missing.length)
      throw new LoopFormatError('file', `${table} lacks ${missing.join(', ')}: not a Loop Habit Tracker backup`);
  }
  assertWithinLimits(
    db
      .prepare(`select count(*) from ${quoted(habitsTable)}`)
      .pluck()
      .get() as number,
    db
      .prepare(`select count(*) from ${quoted(repetitionsTable)}`)
      .pluck()
      .get() as number,
  );
  const habitFields = [
    'id',
    'position',
    'name',
    'question',
    'description',
    'type',
    'freq_num',
    'freq_den',
    'color',
    'unit',
    'target_type',
    'target_value',
    'archived',
    'uuid',
  ];
  const habits = db
    .prepare(
      `select ${habitFields.map((name) => selected(habitColumns, name)).join(', ')} from ${quoted(habitsTable)} order by position, id`,
    )
    .all() as BackupHabitRow[];
  // Before schema 23 the description column held the question (migration 23 moved it and emptied description).
  const hasQuestion = habitColumns.has('question');

  // One sorted pass over every repetition: a backup need not have Loop's index on (habit, timestamp), and a query per
  // habit would then scan the whole table once per habit. The rows come grouped by habit, and each group becomes
  // its habit (or habits, in a damaged file that gives two the same id) before the next is read.
  const repetitions = db.prepare(
    `select rowid as rowid, ${selected(repetitionColumns, 'habit')}, ${selected(repetitionColumns, 'timestamp')},
            ${selected(repetitionColumns, 'value', String(YES_MANUAL))}, ${selected(repetitionColumns, 'notes')}
     from ${quoted(repetitionsTable)} order by habit, timestamp, rowid`,
  );
  const indexesById = new Map<unknown, number[]>();
  habits.forEach((row, index) => indexesById.set(row.id, [...(indexesById.get(row.id) ?? []), index]));
  const given = new Set<number>();
  function* group(id: unknown, rows: BackupRepetitionRow[]): Generator<PlacedLoopHabit> {
    for (const index of indexesById.get(id) ?? []) {
      given.add(index);
      yield { index, habit: backupHabit(habits[index]!, index, rows, { version, hasQuestion }) };
    }
  }
  let current: { id: unknown; rows: BackupRepetitionRow[] } | undefined;
  for (const repetition of repetitions.iterate() as Iterable<BackupRepetitionRow>) {
    if (!indexesById.has(repetition.habit)) {
      throw new LoopFormatError(
        `Repetitions row ${repetition.rowid}`,
        `refers to habit ${String(repetition.habit).slice(0, 20)}, which the Habits table does not hold: the backup is damaged`,
      );
    }
    if (current && current.id !== repetition.habit) {
      yield* group(current.id, current.rows);
      current = undefined;
    }
    current ??= { id: repetition.habit, rows: [] };
    current.rows.push(repetition);
  }
  if (current) yield* group(current.id, current.rows);
  for (const [index, row] of habits.entries()) {
    if (!given.has(index)) yield { index, habit: backupHabit(row, index, [], { version, hasQuestion }) };
  }
}

/** A habit of a backup from its row and its repetitions' rows, sorted by day. */
function backupHabit(
  row: BackupHabitRow,
  index: number,
  repetitions: readonly BackupRepetitionRow[],
  schema: { version: number; hasQuestion: boolean },
): LoopHabit {
  const where = `Habits row id ${String(row.id)}`;
  const numeric = row.type === 1;
  const entries = repetitions.map((repetition): LoopEntry => {
    const at = `Repetitions row ${repetition.rowid}`;
    const { timestamp, value } = repetition;
    if (typeof timestamp !== 'number' || !Number.isInteger(timestamp) || timestamp % DAY_MS !== 0) {
      throw new LoopFormatError(at, 'timestamp is not a day start in milliseconds');
    }
    if (typeof value !== 'number') throw new LoopFormatError(at, 'value is not a number');
    return {
      date: checkedDate(isoDate(timestamp / DAY_MS), at),
      ...decodeValue(value, numeric, at),
      notes: typeof repetition.notes === 'string' && repetition.notes !== '' ? repetition.notes : null,
      row: repetition.rowid,
    };
  });
  if (typeof row.freq_num !== 'number' || typeof row.freq_den !== 'number')
    throw new LoopFormatError(where, 'frequency is not a number');
  const colorIndex = typeof row.color === 'number' ? loopColorIndex(row.color, schema.version) : null;
  return {
    where,
    rowsWhere: 'Repetitions row ',
    position: (typeof row.position === 'number' ? row.position : index) + 1,
    name: text(row.name) ?? '',
    question: schema.hasQuestion ? text(row.question) : text(row.description),
    description: schema.hasQuestion ? text(row.description) : null,
    numeric,
    numerator: row.freq_num,
    denominator: row.freq_den,
    color: colorIndex === null ? null : loopColorHex(colorIndex),
    unit: text(row.unit),
    atMost: row.target_type === 1,
    targetValue: numeric && typeof row.target_value === 'number' ? row.target_value : null,
    archived: row.archived === 1,
    uuid: text(row.uuid),
    entries,
  };
}
