import { addDays, type IsoDate } from './days.js';
import type { CompletionStatus, HabitSchedule } from './habit.js';
import { NONE, statusCode } from './history.js';
import { dailyDayQualifies, isDailySchedule } from './qualifying.js';
import type { StreakState } from './streaks.js';

/** A day's record before or after a write; null when there is none. */
export type DayRecord = { status: CompletionStatus; value: number } | null;

export interface DayChange {
  date: IsoDate;
  before: DayRecord;
  after: DayRecord;
}

function qualifies(schedule: HabitSchedule, record: DayRecord): boolean {
  const status = record === null ? NONE : statusCode(record.status);
  return dailyDayQualifies(schedule, status, record?.value ?? 0);
}

/**
 * The streak state after one day's change, derived from the stored state alone, or null when that is not provably
 * equal to a full recompute (then the caller recomputes). Handled: daily schedules, state as of `today`, a change
 * on today or yesterday that extends or starts the current run, trims today off it, or leaves qualification alone.
 */
export function updateStreakIncrementally({
  schedule,
  state,
  change,
  today,
}: {
  schedule: HabitSchedule;
  state: StreakState;
  change: DayChange;
  today: IsoDate;
}): StreakState | null {
  const yesterday = addDays(today, -1);
  if (!isDailySchedule(schedule) || state.asOf !== today) return null;
  if (change.date !== today && change.date !== yesterday) return null;

  let lastCompletionDate = state.lastCompletionDate;
  const wasDone = change.before?.status === 'done';
  const isDone = change.after?.status === 'done';
  if (isDone && (lastCompletionDate === null || change.date > lastCompletionDate)) lastCompletionDate = change.date;
  if (wasDone && !isDone && change.date === lastCompletionDate) return null;

  const before = qualifies(schedule, change.before);
  const after = qualifies(schedule, change.after);
  if (before === after) return { ...state, lastCompletionDate };
  if (change.date !== today) return null;

  if (after) {
    if (state.current > 0 && state.currentEnd !== yesterday) return null;
    const current = state.current + 1;
    const longer = current >= state.longest;
    return {
      ...state,
      current,
      currentStart: state.current === 0 ? today : state.currentStart,
      currentEnd: today,
      longest: longer ? current : state.longest,
      longestEnd: longer ? today : state.longestEnd,
      lastCompletionDate,
    };
  }

  if (state.currentEnd !== today || state.longest === state.current) return null;
  const current = state.current - 1;
  return {
    ...state,
    current,
    currentStart: current === 0 ? null : state.currentStart,
    currentEnd: current === 0 ? null : yesterday,
    lastCompletionDate,
  };
}

/**
 * The streak state on a later `today`, when no record lies after the stored state's day: the runs stay as they were,
 * and the current one lasts only while it ends yesterday. Daily schedules only, where a day without a record never
 * qualifies; null otherwise (then the caller recomputes).
 */
export function advanceStreak({
  schedule,
  state,
  today,
}: {
  schedule: HabitSchedule;
  state: StreakState;
  today: IsoDate;
}): StreakState | null {
  if (!isDailySchedule(schedule) || !(state.asOf < today)) return null;
  if (state.current > 0 && state.currentEnd === addDays(today, -1)) return { ...state, asOf: today };
  return { ...state, current: 0, currentStart: null, currentEnd: null, asOf: today };
}
