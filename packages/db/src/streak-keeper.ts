import {
  scoreStateOn,
  streakSummary,
  updateScoreIncrementally,
  updateStreakIncrementally,
  type CompletionRecord,
  type DayRecord,
  type HabitSchedule,
  type IsoDate,
  type ScoreState,
  type StreakState,
} from '@streakforge/core';
import type { EntityManager } from '@mikro-orm/sqlite';
import type { Habit } from './entities/habit.entity.js';
import { Streak } from './entities/streak.entity.js';

/** A habit's stored streak and score, as the core package defines them. */
export type StoredStreakState = StreakState & ScoreState;

/** The schedule fields of a habit (entity or plain row), as the core package reads them. */
export function scheduleOf(habit: Pick<Habit, 'type' | 'goalType' | 'timesPerPeriod' | 'periodDays' | 'targetType'> & { targetValue?: unknown }): HabitSchedule {
  return {
    type: habit.type,
    goalType: habit.goalType,
    timesPerPeriod: habit.timesPerPeriod,
    periodDays: habit.periodDays,
    targetValue: habit.targetValue == null ? null : Number(habit.targetValue),
    targetType: habit.targetType,
  };
}

/**
 * The records of the given habits (only those dated within `window` when given), oldest first per habit, read
 * without hydrating entities; an index range scan per call.
 */
export async function loadCompletionRecords(
  em: EntityManager,
  habitIds: readonly number[],
  window?: { from: IsoDate; to: IsoDate },
): Promise<Map<number, CompletionRecord[]>> {
  const byHabit = new Map<number, CompletionRecord[]>(habitIds.map((id) => [id, []]));
  if (habitIds.length === 0) return byHabit;
  const rows = await em.execute<{ habitId: number; date: string; status: CompletionRecord['status']; value: number }[]>(
    `select habit_id as habitId, completion_date as date, status, value from habit_completions
     where habit_id in (${habitIds.map(() => '?').join(', ')})${window ? ' and completion_date between ? and ?' : ''}
     order by habit_id, completion_date`,
    window ? [...habitIds, window.from, window.to] : [...habitIds],
  );
  for (const row of rows) byHabit.get(row.habitId)?.push({ date: row.date, status: row.status, value: row.value });
  return byHabit;
}

/** The full streak and score state of a habit as of `today`, from its records. */
export function computeStreakState(input: {
  schedule: HabitSchedule;
  completions: readonly CompletionRecord[];
  today: IsoDate;
  weekStart: number;
}): StoredStreakState {
  return { ...streakSummary(input), ...scoreStateOn({ ...input, date: input.today }) };
}

export function storedStreakState(row: Streak): StoredStreakState {
  return {
    current: row.current,
    currentStart: row.currentStart ?? null,
    currentEnd: row.currentEnd ?? null,
    longest: row.longest,
    longestEnd: row.longestEnd ?? null,
    lastCompletionDate: row.lastCompletionDate ?? null,
    asOf: row.asOf,
    score: Number(row.score),
    previousScore: Number(row.previousScore),
  };
}

function writeStreakRow(em: EntityManager, habit: Habit, row: Streak | null, state: StoredStreakState): Streak {
  if (row) return em.assign(row, state);
  return em.create(Streak, { habit, ...state });
}

interface StreakContext {
  habit: Habit;
  today: IsoDate;
  weekStart: number;
}

/**
 * Recomputes a habit's streak row from all its records and persists it (the caller's flush or transaction
 * writes it). Pending changes are flushed first so the records read include them.
 */
export async function recomputeStreak(em: EntityManager, { habit, today, weekStart }: StreakContext): Promise<Streak> {
  await em.flush();
  const completions = (await loadCompletionRecords(em, [habit.id])).get(habit.id) ?? [];
  const state = computeStreakState({ schedule: scheduleOf(habit), completions, today, weekStart });
  const row = await em.findOne(Streak, { habit: habit.id });
  return writeStreakRow(em, habit, row, state);
}

/**
 * Brings a habit's streak row up to date after one day's record changed from `before` to `after`: from the stored
 * state alone when the core proves that equal to a full recompute, else by recomputing.
 */
export async function applyDayChange(
  em: EntityManager,
  context: StreakContext & { date: IsoDate; before: DayRecord; after: DayRecord },
): Promise<Streak> {
  const { habit, today, date, before, after } = context;
  const row = await em.findOne(Streak, { habit: habit.id });
  if (row) {
    const schedule = scheduleOf(habit);
    const stored = storedStreakState(row);
    const streak = updateStreakIncrementally({ schedule, state: stored, change: { date, before, after }, today });
    const score = streak && updateScoreIncrementally({ schedule, state: stored, asOf: stored.asOf, change: { date, after }, today });
    if (streak && score) return writeStreakRow(em, habit, row, { ...streak, ...score });
  }
  return recomputeStreak(em, context);
}

/** A date no stored state can be "as of": readers compute such rows live and the next write recomputes them. */
export const STALE_AS_OF = '1970-01-01';

/**
 * Marks every streak row of a user stale, for changes that move what "today" or a week is (time zone, day start,
 * week start) without touching any habit.
 */
export async function markUserStreaksStale(em: EntityManager, userId: number): Promise<void> {
  await em.execute('update streaks set as_of = ? where habit_id in (select id from habits where user_id = ?)', [STALE_AS_OF, userId]);
}
