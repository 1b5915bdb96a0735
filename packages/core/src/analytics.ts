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

/** Per day of [from, min(to, today)] and per category: the {@link DayAggregate} of the given habits. */
export function dailyAggregates(input: {
  habits: readonly AnalyticsHabit[];
  from: IsoDate;
  to: IsoDate;
  today: IsoDate;
  weekStart: number;
}): DayAggregate[] {
  const fromDay = dayNumber(input.from);
  const lastDay = Math.min(dayNumber(input.to), dayNumber(input.today));
  const length = Math.max(0, lastDay - fromDay + 1);
  const byCategory = new Map<string | null, Uint32Array[]>();
  for (const habit of input.habits) {
    const startIndex = Math.max(0, dayNumber(habit.start) - fromDay);
    if (startIndex >= length) continue;
    let columns = byCategory.get(habit.category);
    if (!columns) {
      columns = Array.from({ length: 5 }, () => new Uint32Array(length));
      byCategory.set(habit.category, columns);
    }
    const [active, qualifying, considered, consideredQualifying, doneDays] = columns as [
      Uint32Array,
      Uint32Array,
      Uint32Array,
      Uint32Array,
      Uint32Array,
    ];
    // Qualification as of today, not as of `to`: a day's figures then never depend on the range asked for.
    const flags = qualifyingInRange({ ...input, ...habit, to: input.today });
    const { status } = buildHistory(habit.completions, fromDay, lastDay);
    const pendingIndex = firstPendingDay(habit.schedule, dayNumber(input.today), input.weekStart) - fromDay;
    for (let i = startIndex; i < length; i++) {
      active[i]!++;
      qualifying[i]! += flags[i]!;
      if (status[i] !== SKIPPED && (flags[i] === 1 || i < pendingIndex)) {
        considered[i]!++;
        consideredQualifying[i]! += flags[i]!;
      }
      if (status[i] === DONE) doneDays[i]!++;
    }
  }
  const days: DayAggregate[] = [];
  for (let i = 0; i < length; i++) {
    for (const [category, [active, qualifying, considered, consideredQualifying, doneDays]] of byCategory as Map<
      string | null,
      Uint32Array[]
    >) {
      if (active![i] === 0) continue;
      days.push({
        date: isoDate(fromDay + i),
        category,
        active: active![i]!,
        qualifying: qualifying![i]!,
        considered: considered![i]!,
        consideredQualifying: consideredQualifying![i]!,
        doneDays: doneDays![i]!,
      });
    }
  }
  return days;
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
