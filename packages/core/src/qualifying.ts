import { daysInMonth, startOfMonth, startOfWeek } from './days.js';
import { frequencyOf, type CompletionRecord, type HabitSchedule } from './habit.js';
import { DONE, SKIPPED, buildHistory, firstRecordDay, prefixSums, windowSum, type DayHistory } from './history.js';

/**
 * The first day whose not qualifying is still pending on `today` (docs/habit-semantics.md, "Pending days"): it may
 * yet qualify, so it is no miss. Today for every schedule; for weekly goals the current week's first day, as the
 * week may still be met.
 */
export function firstPendingDay(schedule: Pick<HabitSchedule, 'goalType'>, today: number, weekStart: number): number {
  return schedule.goalType === 'weekly' ? startOfWeek(today, weekStart) : today;
}

/**
 * The last day whose figures no longer change with the passing of time, for any schedule: the day before the
 * current week. Later days are read live, never from stored snapshots.
 */
export function lastSettledDay(today: number, weekStart: number): number {
  return startOfWeek(today, weekStart) - 1;
}

/** How many days before the first record a qualifying day can lie (met weeks, Loop's shifted intervals). */
export function lookBehindDays(schedule: HabitSchedule): number {
  if (schedule.goalType === 'weekly') return 6;
  if (schedule.goalType === 'custom') return Math.max(schedule.periodDays, 31);
  return 0;
}

function numericMeets(schedule: HabitSchedule, sum: number, recorded: boolean): boolean {
  const target = schedule.targetValue ?? 0;
  return schedule.targetType === 'at_most' ? recorded && sum <= target : sum >= target;
}

/** Whether one day qualifies on a daily schedule, where a day depends on nothing but its own record. */
export function dailyDayQualifies(schedule: HabitSchedule, status: number, value: number): boolean {
  if (status === SKIPPED) return true;
  if (status !== DONE) return false;
  return schedule.type === 'boolean' || numericMeets(schedule, value, true);
}

function markDaily(schedule: HabitSchedule, history: DayHistory, flags: Uint8Array): void {
  const { status, value } = history;
  for (let i = 0; i < status.length; i++) flags[i] = dailyDayQualifies(schedule, status[i]!, value[i]!) ? 1 : 0;
}

/** Whether each day is judged on its own record alone (daily, or custom with N = M). */
export function isDailySchedule(schedule: HabitSchedule): boolean {
  const { n, m } = frequencyOf(schedule);
  return schedule.goalType !== 'weekly' && (m === 1 || (schedule.type === 'boolean' && n === m));
}

function markWeekly(schedule: HabitSchedule, history: DayHistory, weekStart: number, flags: Uint8Array): void {
  const { origin, today, status, value } = history;
  const n = schedule.timesPerPeriod;
  for (let week = startOfWeek(origin, weekStart); week <= today; week += 7) {
    const first = Math.max(0, week - origin);
    const last = Math.min(status.length - 1, week + 6 - origin);
    let done = 0;
    let skipped = 0;
    let sum = 0;
    for (let i = first; i <= last; i++) {
      if (status[i] === DONE) {
        done++;
        sum += value[i]!;
      } else if (status[i] === SKIPPED) {
        skipped++;
      }
    }
    const met = schedule.type === 'boolean' ? done >= Math.min(n, 7 - skipped) : numericMeets(schedule, sum, done > 0);
    for (let i = first; i <= last; i++) if (met || status[i] === SKIPPED) flags[i] = 1;
  }
}

/** Days [begin, end] an automatic check-mark covers; `center` is the newest done day of its group. */
export interface LoopInterval {
  begin: number;
  center: number;
  end: number;
}

/**
 * Loop's "per month" interval from `begin`: the length of begin's month, or of the next month when begin is the last
 * day of its month (Loop 2.0.3+), so a check on 31 January covers February rather than 31 days.
 */
function monthIntervalLength(begin: number): number {
  const lastOfMonth = startOfMonth(begin + 1) === begin + 1;
  return daysInMonth(lastOfMonth ? begin + 1 : begin);
}

/**
 * Loop Habit Tracker's automatic check-marks for "N times per M days" (EntryList.buildIntervals + snap), from the done
 * days newest first; the intervals come newest first too.
 */
export function loopIntervals(doneDaysNewestFirst: readonly number[], n: number, m: number): LoopInterval[] {
  const intervals: LoopInterval[] = [];
  for (let i = n - 1; i < doneDaysNewestFirst.length; i++) {
    const begin = doneDaysNewestFirst[i]!;
    const center = doneDaysNewestFirst[i - n + 1]!;
    const size = m === 30 || m === 31 ? monthIntervalLength(begin) : m;
    if (center - begin < size) intervals.push({ begin, center, end: begin + size - 1 });
  }
  for (let i = 1; i < intervals.length; i++) {
    const current = intervals[i]!;
    const next = intervals[i - 1]!;
    const gap = current.end - next.begin;
    if (gap >= 0) {
      const shift = Math.min(current.end - current.center, gap + 1);
      current.begin -= shift;
      current.end -= shift;
    }
  }
  return intervals;
}

function markCustom(schedule: HabitSchedule, history: DayHistory, flags: Uint8Array): void {
  const { origin, status, value } = history;
  const { n, m } = frequencyOf(schedule);
  if (schedule.type === 'numeric') {
    const sums = prefixSums(status.length, (i) => value[i]!);
    const records = prefixSums(status.length, (i) => (status[i] === DONE ? 1 : 0));
    for (let i = 0; i < status.length; i++) {
      const meets = numericMeets(schedule, windowSum(sums, i, m), windowSum(records, i, m) > 0);
      if (status[i] === SKIPPED || meets) flags[i] = 1;
    }
    return;
  }
  const doneDays: number[] = [];
  for (let i = status.length - 1; i >= 0; i--) if (status[i] === DONE) doneDays.push(origin + i);
  for (const interval of loopIntervals(doneDays, n, m)) {
    const from = Math.max(0, interval.begin - origin);
    const to = Math.min(status.length - 1, interval.end - origin);
    for (let i = from; i <= to; i++) flags[i] = 1;
  }
  for (let i = 0; i < status.length; i++) if (status[i] !== 0) flags[i] = 1;
}

/** 1 for each day of the history that qualifies under the habit's schedule (docs/habit-semantics.md, "Which days qualify"). */
export function qualifyingFlags(schedule: HabitSchedule, history: DayHistory, weekStart: number): Uint8Array {
  const flags = new Uint8Array(history.status.length);
  if (isDailySchedule(schedule)) markDaily(schedule, history, flags);
  else if (schedule.goalType === 'weekly') markWeekly(schedule, history, weekStart, flags);
  else markCustom(schedule, history, flags);
  return flags;
}

export interface QualifyingInput {
  schedule: HabitSchedule;
  completions: readonly CompletionRecord[];
  today: number;
  weekStart: number;
}

/** The history from far enough before the first record to hold every qualifying day, with its flags. */
export function qualifyingHistory({ schedule, completions, today, weekStart }: QualifyingInput): {
  history: DayHistory;
  flags: Uint8Array;
} {
  const first = firstRecordDay(completions);
  const origin = first === null ? today + 1 : Math.min(first, today + 1) - lookBehindDays(schedule);
  const history = buildHistory(completions, origin, today);
  return { history, flags: qualifyingFlags(schedule, history, weekStart) };
}
