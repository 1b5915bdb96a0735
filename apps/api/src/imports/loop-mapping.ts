import type { ImportPlan, ImportedDay, ImportedHabit } from './import-plan.js';
import { LoopFormatError, type LoopExport, type LoopHabit } from './loop-reader.js';

/** Loop Habit Tracker's colour palette, by the index its backups store. */
export const LOOP_PALETTE = [
  '#D32F2F', '#E64A19', '#F57C00', '#FF8F00', '#F9A825', '#AFB42B', '#7CB342', '#388E3C', '#00897B', '#00ACC1',
  '#039BE5', '#1976D2', '#303F9F', '#5E35B1', '#8E24AA', '#D81B60', '#5D4037', '#303030', '#757575', '#AAAAAA',
];

const NAME_LENGTH = 100;
const DESCRIPTION_LENGTH = 2000;
const UNIT_LENGTH = 30;
const NOTES_LENGTH = 2000;

/** Loop allows longer texts than the API; keep what fits rather than refuse someone's history over a long name. */
const clip = (value: string | null, length: number) => (value === null ? null : [...value].slice(0, length).join('').trim() || null);

/**
 * The id a re-import finds the habit by: Loop's uuid where the file has one (backups from 2.0), else its position
 * and name, which is all a CSV export says about identity.
 */
function loopExternalIds(habit: Pick<LoopHabit, 'uuid' | 'position' | 'name'>): string[] {
  const byPlace = `loop:${String(habit.position).padStart(3, '0')} ${habit.name}`;
  return habit.uuid ? [`loop-uuid:${habit.uuid}`, byPlace] : [byPlace];
}

/** A palette index (backups), or a `#RRGGBB` (CSV exports); anything else, such as a hand-edited backup, is no colour. */
function colorOf(color: unknown): string | null {
  if (typeof color === 'number') return LOOP_PALETTE[color] ?? null;
  return typeof color === 'string' && /^#[0-9A-Fa-f]{6}$/.test(color) ? color.toUpperCase() : null;
}

function scheduleOf(habit: LoopHabit): Pick<ImportedHabit['fields'], 'goalType' | 'timesPerPeriod' | 'periodDays'> {
  const { numerator, denominator } = habit;
  if (numerator === 1 && denominator === 1) return { goalType: 'daily', timesPerPeriod: 1, periodDays: null };
  if (habit.numeric && numerator !== 1) {
    throw new LoopFormatError(habit.where, `a numeric habit counted ${numerator} times per ${denominator} days; Loop's numeric habits are once per period`);
  }
  // Loop's "N times per week / month" are rolling windows, which only a custom goal reproduces (scores and streaks).
  return { goalType: 'custom', timesPerPeriod: numerator, periodDays: denominator };
}

function daysOf(habit: LoopHabit): { days: ImportedDay[]; dayWhere: string[]; skipped: number } {
  const byDate = new Map<string, { day: ImportedDay; where: string }>();
  let skipped = 0;
  for (const entry of habit.entries) {
    if (entry.mark === 'derived') {
      skipped++;
      continue;
    }
    const notes = clip(entry.notes, NOTES_LENGTH);
    const day: ImportedDay =
      entry.mark === 'skip'
        ? { date: entry.date, status: 'skipped', value: 0, notes }
        : { date: entry.date, status: 'done', value: habit.numeric ? entry.amount! : 1, notes };
    // Old Loop versions could store a day twice; the later row is what Loop showed.
    if (byDate.has(entry.date)) skipped++;
    byDate.set(entry.date, { day, where: entry.where });
  }
  const sorted = [...byDate.values()].sort((a, b) => (a.day.date < b.day.date ? -1 : 1));
  return { days: sorted.map((entry) => entry.day), dayWhere: sorted.map((entry) => entry.where), skipped };
}

/**
 * What a Loop export becomes: manual checks done, skips skipped, amounts ÷ 1000, automatic check-marks and plain
 * "no" rows left out (Loop derives them; so does habit-semantics.md §4); frequencies N/M as rolling custom goals.
 */
export function loopImportPlan(loop: LoopExport): ImportPlan {
  let skipped = 0;
  const habits = loop.habits.map((habit): ImportedHabit => {
    const name = clip(habit.name, NAME_LENGTH);
    if (!name) throw new LoopFormatError(habit.where, 'a habit without a name');
    const description = clip([habit.question, habit.description].filter((text) => text).join('\n\n'), DESCRIPTION_LENGTH);
    const { days, dayWhere, skipped: notStored } = daysOf(habit);
    skipped += notStored;
    const externalIds = loopExternalIds(habit);
    return {
      where: habit.where,
      match: { externalIds },
      fields: {
        name,
        description,
        category: null,
        color: colorOf(habit.color),
        type: habit.numeric ? 'numeric' : 'boolean',
        ...scheduleOf(habit),
        targetValue: habit.numeric ? habit.targetValue : null,
        targetType: habit.numeric && habit.atMost ? 'at_most' : 'at_least',
        unit: habit.numeric ? clip(habit.unit, UNIT_LENGTH) : null,
        archived: habit.archived,
        externalId: externalIds[0]!,
      },
      days,
      dayWhere,
    };
  });
  return { habits, skipped };
}
