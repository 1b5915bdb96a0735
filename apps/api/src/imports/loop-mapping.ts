import { TEXT_LIMITS } from '@streakforge/core';
import { type ImportedDay, type ImportedHabit, type SkipCounts } from './import-plan.js';
import { LoopFormatError, type LoopEntry, type LoopHabit } from './loop-reader.js';

/** Loop allows longer texts than the API; keep what fits rather than refuse someone's history over a long name. */
const clip = (value: string | null, length: number) =>
  value === null ? null : [...value].slice(0, length).join('').trim() || null;

/** A note is kept as Loop holds it, spaces and all, cut to what the API stores. */
const clipNote = (value: string | null) =>
  value === null || value === '' ? null : [...value].slice(0, TEXT_LIMITS.notes).join('');

/**
 * The id a re-import finds the habit by: Loop's uuid where the file has one (backups from 2.0), else its position
 * and name, which is all a CSV export says about identity.
 */
function loopExternalIds(habit: Pick<LoopHabit, 'uuid' | 'position' | 'name'>): string[] {
  const byPlace = `loop:${String(habit.position).padStart(3, '0')} ${habit.name}`;
  return habit.uuid ? [`loop-uuid:${habit.uuid}`, byPlace] : [byPlace];
}

function scheduleOf(habit: LoopHabit): Pick<ImportedHabit['fields'], 'goalType' | 'timesPerPeriod' | 'periodDays'> {
  const { numerator, denominator } = habit;
  if (numerator === 1 && denominator === 1) return { goalType: 'daily', timesPerPeriod: 1, periodDays: null };
  if (habit.numeric && numerator !== 1) {
    throw new LoopFormatError(
      habit.where,
      `a numeric habit counted ${numerator} times per ${denominator} days; Loop's numeric habits are once per period`,
    );
  }
  // Loop's "N times per week / month" are rolling windows, which only a custom goal reproduces (scores and streaks).
  return { goalType: 'custom', timesPerPeriod: numerator, periodDays: denominator };
}

/**
 * A day as StreakForge stores it, or the reason it is not stored: Loop's automatic check-marks are derived from the
 * manual ones (and derived again on export), and an unknown day without a note holds nothing.
 */
function dayOf(habit: LoopHabit, entry: LoopEntry): ImportedDay | keyof SkipCounts {
  const notes = clipNote(entry.notes);
  const { date } = entry;
  switch (entry.kind) {
    case 'done':
      return { date, status: 'done', value: habit.numeric ? entry.amount! : 1, notes };
    case 'skip':
      return { date, status: 'skipped', value: 0, notes };
    case 'no':
      return { date, status: 'missed', value: 0, notes };
    case 'auto':
      return notes === null ? 'automatic' : { date, status: 'unmarked', value: 0, notes };
    case 'unknown':
      // A numeric habit's "no value" is written out by Loop like any entry, so it is a day the user recorded.
      if (notes !== null) return { date, status: 'unmarked', value: 0, notes };
      return habit.numeric ? { date, status: 'missed', value: 0, notes } : 'unknown';
  }
}

function daysOf(habit: LoopHabit, skipped: SkipCounts): Pick<ImportedHabit, 'days' | 'dayRows'> {
  const byDate = new Map<string, { day: ImportedDay; row: number }>();
  const seen = new Set<string>();
  for (const entry of habit.entries) {
    // Old Loop versions could store a day twice; Loop's migration 22 keeps the first row, so the reader's order does.
    if (seen.has(entry.date)) {
      skipped.duplicate++;
      continue;
    }
    seen.add(entry.date);
    const day = dayOf(habit, entry);
    if (typeof day === 'string') skipped[day]++;
    else byDate.set(entry.date, { day, row: entry.row });
  }
  const sorted = [...byDate.values()].sort((a, b) => (a.day.date < b.day.date ? -1 : 1));
  return {
    days: sorted.map((entry) => entry.day),
    dayRows: { where: habit.rowsWhere, rows: sorted.map((entry) => entry.row) },
  };
}

/**
 * What a habit of a Loop file becomes: manual checks done, skips skipped, manual "no" days missed, notes on automatic
 * or unknown days unmarked, amounts ÷ 1000; frequencies N/M as rolling custom goals. Every row of the habit is stored
 * or counted in `skipped` under its reason.
 */
export function loopImportedHabit(habit: LoopHabit, skipped: SkipCounts): ImportedHabit {
  const name = clip(habit.name, TEXT_LIMITS.name);
  if (!name) throw new LoopFormatError(habit.where, 'a habit without a name');
  const externalIds = loopExternalIds(habit);
  return {
    where: habit.where,
    match: { externalIds },
    fields: {
      name,
      question: clip(habit.question, TEXT_LIMITS.question),
      description: clip(habit.description, TEXT_LIMITS.description),
      category: null,
      color: habit.color,
      type: habit.numeric ? 'numeric' : 'boolean',
      ...scheduleOf(habit),
      targetValue: habit.numeric ? habit.targetValue : null,
      targetType: habit.numeric && habit.atMost ? 'at_most' : 'at_least',
      unit: habit.numeric ? clip(habit.unit, TEXT_LIMITS.unit) : null,
      archived: habit.archived,
      externalId: externalIds[0]!,
    },
    ...daysOf(habit, skipped),
  };
}
