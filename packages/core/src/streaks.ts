import { dayNumber, isoDate, type IsoDate } from './days.js';
import type { CompletionRecord, HabitSchedule } from './habit.js';
import { DONE } from './history.js';
import { firstPendingDay, qualifyingHistory } from './qualifying.js';

export interface StreakRun {
  start: IsoDate;
  end: IsoDate;
  length: number;
}

/** The stored streak state of a habit as of `asOf` (the user's logical today when computed). */
export interface StreakState {
  current: number;
  currentStart: IsoDate | null;
  currentEnd: IsoDate | null;
  longest: number;
  longestEnd: IsoDate | null;
  lastCompletionDate: IsoDate | null;
  asOf: IsoDate;
}

export interface StreakInput {
  schedule: HabitSchedule;
  completions: readonly CompletionRecord[];
  today: IsoDate;
  weekStart: number;
}

interface DayRun {
  start: number;
  end: number;
}

function runsOf(flags: Uint8Array, origin: number): DayRun[] {
  const runs: DayRun[] = [];
  let start = -1;
  for (let i = 0; i <= flags.length; i++) {
    if (i < flags.length && flags[i] === 1) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      runs.push({ start: origin + start, end: origin + i - 1 });
      start = -1;
    }
  }
  return runs;
}

/**
 * Days whose run is still current: today, and the day before the first pending one (yesterday; for weekly goals
 * also the last day of the previous week, as the current week may not be met yet). Of the runs holding one of them, the longest counts,
 * so an extra qualifying day (a skip) can never shorten the current streak.
 */
function currentAnchors(schedule: HabitSchedule, today: number, weekStart: number): number[] {
  return [today, today - 1, firstPendingDay(schedule, today, weekStart) - 1];
}

/** Current, longest and last completion of a habit as of `today` (docs/habit-semantics.md, "Streaks"). */
export function streakSummary(input: StreakInput): StreakState {
  const todayDay = dayNumber(input.today);
  const { history, flags } = qualifyingHistory({ ...input, today: todayDay });
  const runs = runsOf(flags, history.origin);
  const anchors = currentAnchors(input.schedule, todayDay, input.weekStart);
  let current: DayRun | undefined;
  for (const run of runs) {
    const holdsAnchor = anchors.some((day) => run.start <= day && day <= run.end);
    if (holdsAnchor && (!current || run.end - run.start >= current.end - current.start)) current = run;
  }
  let longest: DayRun | undefined;
  for (const run of runs) if (!longest || run.end - run.start >= longest.end - longest.start) longest = run;
  let lastDone: number | null = null;
  for (let i = history.status.length - 1; i >= 0; i--) {
    if (history.status[i] === DONE) {
      lastDone = history.origin + i;
      break;
    }
  }
  return {
    current: current ? current.end - current.start + 1 : 0,
    currentStart: current ? isoDate(current.start) : null,
    currentEnd: current ? isoDate(current.end) : null,
    longest: longest ? longest.end - longest.start + 1 : 0,
    longestEnd: longest ? isoDate(longest.end) : null,
    lastCompletionDate: lastDone === null ? null : isoDate(lastDone),
    asOf: input.today,
  };
}

/** The `limit` longest runs, longest first, ties broken by the more recent end first. */
export function bestStreaks(input: StreakInput & { limit: number }): StreakRun[] {
  const { history, flags } = qualifyingHistory({ ...input, today: dayNumber(input.today) });
  return runsOf(flags, history.origin)
    .sort((a, b) => b.end - b.start - (a.end - a.start) || b.end - a.end)
    .slice(0, input.limit)
    .map((run) => ({ start: isoDate(run.start), end: isoDate(run.end), length: run.end - run.start + 1 }));
}
