import { addDays, dayNumber, isoDate, startOfWeek, type IsoDate } from './days.js';
import type { CompletionRecord, HabitSchedule } from './habit.js';
import { DONE, SKIPPED, buildHistory } from './history.js';
import { firstPendingDay } from './qualifying.js';
import { qualifyingInRange } from './stats.js';

/** A habit as user-level analytics see it: archived habits are left out by the caller. */
export interface AnalyticsHabit {
  schedule: HabitSchedule;
  completions: readonly CompletionRecord[];
  /** The habit's start: its creation date or its first record, whichever is earlier. */
  start: IsoDate;
  category: string | null;
}

/**
 * One user's figures for one day and one category (null = no category), over the habits that had started: the
 * additive parts every analytics figure is built from, so stored days and live days combine exactly.
 */
export interface DayAggregate {
  date: IsoDate;
  category: string | null;
  /** Habits that had started. */
  active: number;
  /** Started habits whose day qualifies (skips included), the heatmap's numerator. */
  qualifying: number;
  /** Started habits whose day is neither skipped nor pending: the denominator of rates and the heatmap's ratio. */
  considered: number;
  /** Considered habits whose day qualifies: the completion rate's numerator. */
  consideredQualifying: number;
  /** Habits done that day. */
  doneDays: number;
}

/** How many days before a day its qualification can depend on (the current calendar week, Loop's window). */
export function dependencyDays(schedule: HabitSchedule): number {
  if (schedule.goalType === 'weekly') return 6;
  if (schedule.goalType === 'custom') return 2 * Math.max(schedule.periodDays, 31);
  return 0;
}

/** The days whose qualification a change of the record on `date` can change (its week, or Loop's windows). */
export function affectedDays(
  schedule: HabitSchedule,
  date: IsoDate,
  weekStart: number,
): { from: IsoDate; to: IsoDate } {
  const day = dayNumber(date);
  if (schedule.goalType === 'weekly') {
    const start = startOfWeek(day, weekStart);
    return { from: isoDate(start), to: isoDate(start + 6) };
  }
  if (schedule.goalType === 'custom') {
    return { from: isoDate(day - dependencyDays(schedule)), to: isoDate(day + 2 * schedule.periodDays) };
  }
  return { from: date, to: date };
}

/**
 * The records to read to compute the qualification of every day in [first, last]: the days each of them depends on
 * ({@link dependencyDays} before, Loop's forward intervals after), with a week's margin.
 */
export function recordsWindow(schedule: HabitSchedule, first: IsoDate, last: IsoDate): { from: IsoDate; to: IsoDate } {
  const reach = dependencyDays(schedule) + 2 * schedule.periodDays + 7;
  return { from: isoDate(dayNumber(first) - reach), to: isoDate(dayNumber(last) + reach) };
}

/** The range of days a set of aggregates covers: [from, min(to, today)], with the calendar that decides them. */
export interface AggregateRange {
  from: IsoDate;
  to: IsoDate;
  today: IsoDate;
  weekStart: number;
}

/**
 * One habit's share of {@link DayAggregate}s over a range, a count per day of it (0 or 1) for each figure, or null
 * when the habit had not started by the range's end. Shares add up to the aggregates, so a caller may keep the
 * share of a habit that has not changed and compute only the others' again.
 */
export interface HabitContribution {
  category: string | null;
  active: Uint8Array;
  qualifying: Uint8Array;
  considered: Uint8Array;
  consideredQualifying: Uint8Array;
  doneDays: Uint8Array;
}

const rangeDays = (range: AggregateRange) => {
  const fromDay = dayNumber(range.from);
  const lastDay = Math.min(dayNumber(range.to), dayNumber(range.today));
  return { fromDay, lastDay, length: Math.max(0, lastDay - fromDay + 1) };
};

/** The habit's {@link HabitContribution} to the aggregates of `range`. */
export function habitContribution(habit: AnalyticsHabit, range: AggregateRange): HabitContribution | null {
  const { fromDay, lastDay, length } = rangeDays(range);
  const startIndex = Math.max(0, dayNumber(habit.start) - fromDay);
  if (startIndex >= length) return null;
  const share = {
    category: habit.category,
    active: new Uint8Array(length),
    qualifying: new Uint8Array(length),
    considered: new Uint8Array(length),
    consideredQualifying: new Uint8Array(length),
    doneDays: new Uint8Array(length),
  };
  // Qualification as of today, not as of `to`: a day's figures then never depend on the range asked for.
  const flags = qualifyingInRange({ ...range, ...habit, to: range.today });
  const { status } = buildHistory(habit.completions, fromDay, lastDay);
  const pendingIndex = firstPendingDay(habit.schedule, dayNumber(range.today), range.weekStart) - fromDay;
  for (let i = startIndex; i < length; i++) {
    share.active[i] = 1;
    share.qualifying[i] = flags[i]!;
    if (status[i] !== SKIPPED && (flags[i] === 1 || i < pendingIndex)) {
      share.considered[i] = 1;
      share.consideredQualifying[i] = flags[i]!;
    }
    if (status[i] === DONE) share.doneDays[i] = 1;
  }
  return share;
}

const FIGURES = ['active', 'qualifying', 'considered', 'consideredQualifying', 'doneDays'] as const;

/**
 * Per day of the range and per category: the {@link DayAggregate}s that habits with these contributions (in habit
 * order, which orders categories within a day) add up to; a category with no started habit on a day has no row.
 */
export function sumContributions(
  contributions: Iterable<HabitContribution | null>,
  range: AggregateRange,
): DayAggregate[] {
  const { fromDay, length } = rangeDays(range);
  const byCategory = new Map<string | null, Record<(typeof FIGURES)[number], Uint32Array>>();
  for (const share of contributions) {
    if (share === null) continue;
    let columns = byCategory.get(share.category);
    if (!columns) {
      columns = Object.fromEntries(FIGURES.map((figure) => [figure, new Uint32Array(length)])) as Record<
        (typeof FIGURES)[number],
        Uint32Array
      >;
      byCategory.set(share.category, columns);
    }
    for (const figure of FIGURES) {
      const column = columns[figure];
      const counts = share[figure];
      for (let i = 0; i < length; i++) column[i]! += counts[i]!;
    }
  }
  const days: DayAggregate[] = [];
  for (let i = 0; i < length; i++) {
    for (const [category, columns] of byCategory) {
      if (columns.active[i] === 0) continue;
      days.push({
        date: isoDate(fromDay + i),
        category,
        active: columns.active[i]!,
        qualifying: columns.qualifying[i]!,
        considered: columns.considered[i]!,
        consideredQualifying: columns.consideredQualifying[i]!,
        doneDays: columns.doneDays[i]!,
      });
    }
  }
  return days;
}

/** Per day of [from, min(to, today)] and per category: the {@link DayAggregate} of the given habits. */
export function dailyAggregates(input: AggregateRange & { habits: readonly AnalyticsHabit[] }): DayAggregate[] {
  return sumContributions(
    input.habits.map((habit) => habitContribution(habit, input)),
    input,
  );
}

const rate = (qualifying: number, considered: number) => (considered === 0 ? null : qualifying / considered);

export interface HeatmapPoint {
  date: IsoDate;
  qualifying: number;
  active: number;
  considered: number;
  ratio: number | null;
}

/**
 * Every day of [from, to]: the habits that qualified, were active and counted, and the ratio by the completion rate's
 * rule (skipped and pending days left out); 0 and null where none were.
 */
export function heatmapFromAggregates(days: readonly DayAggregate[], from: IsoDate, to: IsoDate): HeatmapPoint[] {
  const fromDay = dayNumber(from);
  const length = Math.max(0, dayNumber(to) - fromDay + 1);
  const [qualifying, active, considered, consideredQualifying] = Array.from(
    { length: 4 },
    () => new Uint32Array(length),
  );
  for (const day of days) {
    const i = dayNumber(day.date) - fromDay;
    if (i < 0 || i >= length) continue;
    qualifying![i]! += day.qualifying;
    active![i]! += day.active;
    considered![i]! += day.considered;
    consideredQualifying![i]! += day.consideredQualifying;
  }
  return Array.from({ length }, (_, i) => ({
    date: isoDate(fromDay + i),
    qualifying: qualifying![i]!,
    active: active![i]!,
    considered: considered![i]!,
    ratio: rate(consideredQualifying![i]!, considered![i]!),
  }));
}

export interface RangeSummary {
  completionRate: number | null;
  doneDays: number;
  byCategory: { category: string | null; completionRate: number | null }[];
}

/** Completion rate (overall and per category) and done days over the aggregates of a range (docs/habit-semantics.md, "Analytics"). */
export function summarizeAggregates(days: readonly DayAggregate[]): RangeSummary {
  let qualifying = 0;
  let considered = 0;
  let doneDays = 0;
  const categories = new Map<string | null, [number, number]>();
  for (const day of days) {
    qualifying += day.consideredQualifying;
    considered += day.considered;
    doneDays += day.doneDays;
    const sums = categories.get(day.category) ?? [0, 0];
    sums[0] += day.consideredQualifying;
    sums[1] += day.considered;
    categories.set(day.category, sums);
  }
  const byCategory = [...categories]
    .map(([category, [q, c]]) => ({ category, completionRate: rate(q, c) }))
    .sort((a, b) => (a.category ?? '').localeCompare(b.category ?? ''));
  return { completionRate: rate(qualifying, considered), doneDays, byCategory };
}

/** The range of the same length just before [from, to]. */
export function previousRange(from: IsoDate, to: IsoDate): { from: IsoDate; to: IsoDate } {
  const length = dayNumber(to) - dayNumber(from) + 1;
  return { from: addDays(from, -length), to: addDays(from, -1) };
}
