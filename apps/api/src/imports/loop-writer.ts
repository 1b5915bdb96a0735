import {
  dayNumber,
  exactScoreValues,
  frequencyOf,
  isoDate,
  loopIntervals,
  type CompletionStatus,
  type HabitSchedule,
  type IsoDate,
} from '@streakforge/core';
import { LOOP_PALETTE, nearestLoopColorIndex } from './loop-palette.js';

/**
 * Loop Habit Tracker's CSV export (v2.3.1+, HabitsCSVExporter), written from StreakForge's data so that Loop's own
 * export, imported here, comes back out byte for byte. Its quirks are Loop's: Habits.csv and each habit's files are
 * quoted like opencsv, the two files at the root are not quoted at all and end every row with a comma.
 */

export interface LoopWriterDay {
  date: IsoDate;
  status: CompletionStatus;
  value: number;
  notes: string | null;
}

export interface LoopWriterHabit {
  name: string;
  question: string | null;
  description: string | null;
  color: string | null;
  unit: string | null;
  archived: boolean;
  schedule: HabitSchedule;
  /** Oldest first. */
  days: readonly LoopWriterDay[];
}

/** Loop's stored values (Entry.kt); numeric habits store amounts × 1000 in the same column. */
const UNKNOWN = -1;
const NO = 0;
const YES_AUTO = 1;
const YES_MANUAL = 2;
const SKIP = 3;
const VALUE_NAMES = new Map([
  [UNKNOWN, 'UNKNOWN'],
  [NO, 'NO'],
  [YES_AUTO, 'YES_AUTO'],
  [YES_MANUAL, 'YES_MANUAL'],
  [SKIP, 'SKIP'],
]);

/** Entry.formattedValue: the five codes by name, any other number (a numeric habit's amount × 1000) as digits. */
const formattedValue = (value: number) => VALUE_NAMES.get(value) ?? String(value);

/** opencsv's CSVWriter with quotes only where needed: a field holding a quote, a comma or a line break. */
function csvField(value: string): string {
  return /["\n\r,]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
const csvLine = (fields: readonly string[]) => `${fields.map(csvField).join(',')}\n`;

/** Java's Double.toString, which Loop uses for the target value: "8.0", "0.25", "1.0E7", "1.0E-4". */
export function javaDouble(value: number): string {
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    const text = String(value);
    return text.includes('.') ? text : `${text}.0`;
  }
  const [mantissa, exponent] = value.toExponential().split('e');
  return `${mantissa!.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/**
 * Java's String.format("%.4f"): the shortest decimal that reads back as the double, rounded half up at the fourth
 * decimal. (JavaScript's toFixed rounds the binary value instead, and differs on ties such as 0.00005.)
 */
export function javaFixed4(value: number): string {
  // Away from a tie both round to the nearest, and toFixed is several times faster than the decimal walk below.
  const tenThousandths = Math.abs(value) * 1e4;
  if (Math.abs(tenThousandths - Math.floor(tenThousandths) - 0.5) > 1e-6)
    return value.toFixed(4).replace(/^-(0\.0000)$/, '$1');
  const [digits, exponentText] = Math.abs(value).toExponential().split('e');
  const exponent = Number(exponentText);
  const significant = digits!.replace('.', '');
  // Scaled by 10^4 as an integer string: significant digits shifted by exponent + 4 places.
  const point = exponent + 1 + 4;
  const whole = point <= 0 ? '0' : significant.slice(0, point).padEnd(point, '0');
  const next = point < 0 ? 0 : Number(significant[point] ?? '0');
  let scaled = BigInt(whole) + (next >= 5 ? 1n : 0n);
  if (point < 0) scaled = 0n;
  const text = scaled.toString().padStart(5, '0');
  const sign = value < 0 && scaled !== 0n ? '-' : '';
  return `${sign}${text.slice(0, -4)}.${text.slice(-4)}`;
}

/** Loop's export folder name: the name stripped to ASCII letters, digits and " ._-", at most 100 characters. */
export function loopFolderName(position: number, name: string): string {
  const sane = name.replace(/[^ a-zA-Z0-9._-]+/g, '').slice(0, 100);
  return `${String(position).padStart(3, '0')} ${sane}`.trim();
}

/** What Loop would store for a day: its code, or for a numeric habit's done day the amount × 1000. */
function storedValue(day: LoopWriterDay, numeric: boolean): number {
  switch (day.status) {
    case 'done':
      return numeric ? Math.round(day.value * 1000) : YES_MANUAL;
    case 'skipped':
      return SKIP;
    case 'missed':
      // A numeric habit has no "no" in Loop: its 0 is an amount, so a missed day is an unknown one there.
      return numeric ? UNKNOWN : NO;
    case 'unmarked':
      return UNKNOWN;
  }
}

interface ComputedEntry {
  day: number;
  value: number;
  notes: string;
}

/**
 * Loop's computed entries (EntryList.recomputeFrom), newest first. A numeric habit's are its records. A yes/no
 * habit's are every day of its automatic intervals (YES_AUTO, derived by the core) and its records, where a record
 * inside an interval shows YES_AUTO unless it is a check or a skip; an unknown day without a note is left out.
 */
function computedEntries(habit: LoopWriterHabit): ComputedEntry[] {
  const numeric = habit.schedule.type === 'numeric';
  const records = habit.days
    .map((day) => ({ day: dayNumber(day.date), value: storedValue(day, numeric), notes: day.notes ?? '' }))
    .reverse();
  if (numeric || records.length === 0) return records;
  const { n, m } = frequencyOf(habit.schedule);
  const intervals = loopIntervals(
    records.filter((record) => record.value === YES_MANUAL).map((record) => record.day),
    n,
    m,
  );
  let from = records[records.length - 1]!.day;
  let to = records[0]!.day;
  for (const interval of intervals) {
    from = Math.min(from, interval.begin);
    to = Math.max(to, interval.end);
  }
  const values = new Int8Array(to - from + 1).fill(UNKNOWN);
  const notes = new Map<number, string>();
  for (const interval of intervals) values.fill(YES_AUTO, interval.begin - from, interval.end - from + 1);
  for (const record of records) {
    const at = record.day - from;
    const shown =
      values[at] === UNKNOWN || record.value === SKIP || record.value === YES_MANUAL ? record.value : YES_AUTO;
    values[at] = shown;
    notes.set(record.day, record.notes);
  }
  const entries: ComputedEntry[] = [];
  for (let day = to; day >= from; day--) {
    const value = values[day - from]!;
    const note = notes.get(day) ?? '';
    if (value !== UNKNOWN || note !== '') entries.push({ day, value, notes: note });
  }
  return entries;
}

/** What the two files at the root need of a habit. */
interface WrittenHabit {
  name: string;
  /** The oldest day Loop computes scores from (its oldest known entry, or today). */
  scoresFrom: number;
  /** Computed entries by day, for the root Checkmarks.csv. */
  entries: Map<number, number>;
  /** Scores from `scoresFrom` to today, formatted. */
  formattedScores: string[];
  oldestRecord: number | null;
}

export class LoopCsvWriter {
  private readonly today: number;
  private readonly written: WrittenHabit[] = [];

  constructor(today: IsoDate) {
    this.today = dayNumber(today);
  }

  /** Habits.csv: every habit, in the export's order (HabitList.writeCSV). */
  habitsCsv(habits: readonly Omit<LoopWriterHabit, 'days'>[]): string {
    let text = csvLine([
      'Position',
      'Name',
      'Type',
      'Question',
      'Description',
      'FrequencyNumerator',
      'FrequencyDenominator',
      'Color',
      'Unit',
      'Target Type',
      'Target Value',
      'Archived?',
    ]);
    habits.forEach((habit, i) => {
      const numeric = habit.schedule.type === 'numeric';
      const { n, m } = frequencyOf(habit.schedule);
      text += csvLine([
        String(i + 1).padStart(3, '0'),
        habit.name,
        numeric ? 'NUMERICAL' : 'YES_NO',
        habit.question ?? '',
        habit.description ?? '',
        String(n),
        String(m),
        LOOP_PALETTE[nearestLoopColorIndex(habit.color)]!,
        numeric ? (habit.unit ?? '') : '',
        numeric ? (habit.schedule.targetType === 'at_most' ? 'AT_MOST' : 'AT_LEAST') : '',
        numeric ? javaDouble(habit.schedule.targetValue ?? 0) : '',
        String(habit.archived),
      ]);
    });
    return text;
  }

  /** The habit at `position` (1-based): its folder's Scores.csv and Checkmarks.csv, newest day first. */
  habitFiles(position: number, habit: LoopWriterHabit): { folder: string; scores: string; checkmarks: string } {
    const entries = computedEntries(habit);
    const scoresFrom = Math.min(entries.length ? entries[entries.length - 1]!.day : this.today, this.today);
    const scoreValues = exactScoreValues({
      schedule: habit.schedule,
      completions: habit.days,
      from: isoDate(scoresFrom),
      to: isoDate(this.today),
    });
    const formattedScores = Array.from(scoreValues, javaFixed4);
    let scores = csvLine(['Date', 'Score']);
    for (let day = this.today; day >= scoresFrom; day--)
      scores += csvLine([isoDate(day), formattedScores[day - scoresFrom]!]);
    let checkmarks = csvLine(['Date', 'Value', 'Notes']);
    for (const entry of entries) checkmarks += csvLine([isoDate(entry.day), formattedValue(entry.value), entry.notes]);
    this.written.push({
      name: habit.name,
      scoresFrom,
      entries: new Map(entries.map((entry) => [entry.day, entry.value])),
      formattedScores,
      oldestRecord: habit.days.length ? dayNumber(habit.days[0]!.date) : null,
    });
    return { folder: loopFolderName(position, habit.name), scores, checkmarks };
  }

  /**
   * The root Scores.csv and Checkmarks.csv, a row per day from today back to the oldest record of any habit, a
   * column per habit, in chunks of rows. Loop writes these with neither quoting nor escaping.
   */
  *rootFiles(): Generator<{ name: 'Scores.csv' | 'Checkmarks.csv'; text: string; last: boolean }> {
    const header = `Date,${this.written.map(({ name }) => `${name},`).join('')}\n`;
    const oldest = Math.min(...this.written.map((habit) => habit.oldestRecord ?? Infinity));
    for (const name of ['Scores.csv', 'Checkmarks.csv'] as const) {
      let text = header;
      for (let day = this.today; day >= oldest; day--) {
        text += `${isoDate(day)},`;
        for (const habit of this.written) {
          text +=
            name === 'Scores.csv'
              ? `${day >= habit.scoresFrom ? habit.formattedScores[day - habit.scoresFrom] : '0.0000'},`
              : `${formattedValue(habit.entries.get(day) ?? UNKNOWN)},`;
        }
        text += '\n';
        if (text.length > 1 << 20) {
          yield { name, text, last: false };
          text = '';
        }
      }
      yield { name, text, last: true };
    }
  }
}
