import type { EntityManager } from '@mikro-orm/sqlite';
import type { Habit } from './entities/habit.entity.js';

/** What every plain habit read returns of a habit: its definition, place, state and creation. */
type HabitRowFields = Pick<
  Habit,
  | 'id'
  | 'name'
  | 'question'
  | 'description'
  | 'category'
  | 'color'
  | 'type'
  | 'goalType'
  | 'timesPerPeriod'
  | 'periodDays'
  | 'targetValue'
  | 'targetType'
  | 'unit'
  | 'position'
  | 'archived'
  | 'createdAt'
>;

/** A habit and its stored streak row, as the habit list reads them: plain values, no entity. */
export type HabitWithStreakRow = HabitRowFields &
  Pick<Habit, 'updatedAt'> & {
    /** The day the streak row is as of; null without a row. */
    asOf: string | null;
    current: number;
    longest: number;
    lastCompletionDate: string | null;
    score: number;
  };

type StoredHabitWithStreak = Omit<HabitWithStreakRow, 'archived' | 'createdAt' | 'updatedAt'> & {
  archived: number;
  createdAt: number;
  updatedAt: number;
};

/**
 * The user's habits with their streak rows in one query, by position then id: hydrating two thousand entities made
 * a list of 1,000 habits cost tens of milliseconds before any of it was used.
 */
export async function listHabitsWithStreaks(
  em: EntityManager,
  userId: number,
  filter: { archived: 'false' | 'true' | 'all'; category?: string | undefined },
): Promise<HabitWithStreakRow[]> {
  const rows = await em.execute<StoredHabitWithStreak[]>(
    `select h.id, h.name, h.question, h.description, h.category, h.color, h.type, h.goal_type as goalType, h.times_per_period as timesPerPeriod,
            h.period_days as periodDays, h.target_value as targetValue, h.target_type as targetType, h.unit, h.position, h.archived,
            h.created_at as createdAt, h.updated_at as updatedAt,
            s.as_of as asOf, s.current, s.longest, s.last_completion_date as lastCompletionDate, s.score
     from habits h left join streaks s on s.habit_id = h.id
     where h.user_id = ?${filter.archived === 'all' ? '' : ' and h.archived = ?'}${filter.category ? ' and h.category = ?' : ''}
     order by h.position, h.id`,
    [
      userId,
      ...(filter.archived === 'all' ? [] : [filter.archived === 'true' ? 1 : 0]),
      ...(filter.category ? [filter.category] : []),
    ],
  );
  return rows.map((row) => ({
    ...row,
    archived: Boolean(row.archived),
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
    score: Number(row.score),
  }));
}

/** The user's active habits with the current streak their row holds and the day it is as of (null: no row). */
export async function activeHabitStreaks(
  em: EntityManager,
  userId: number,
): Promise<{ id: number; name: string; category: string | null; current: number | null; asOf: string | null }[]> {
  return em.execute(
    `select h.id, h.name, h.category, s.current, s.as_of as asOf
     from habits h left join streaks s on s.habit_id = h.id where h.user_id = ? and h.archived = 0 order by h.id`,
    [userId],
  );
}

/** A habit as both exports read it. */
export type ExportedHabitRow = HabitRowFields & Pick<Habit, 'externalId'>;

/** The user's habits as both exports read them, in export order (position, then id). */
export async function exportedHabitRows(em: EntityManager, userId: number): Promise<ExportedHabitRow[]> {
  const rows = await em.execute<
    (Omit<ExportedHabitRow, 'archived' | 'createdAt'> & { archived: number; createdAt: number })[]
  >(
    `select id, external_id as externalId, name, question, description, category, color, type, goal_type as goalType,
            times_per_period as timesPerPeriod, period_days as periodDays, target_value as targetValue, target_type as targetType,
            unit, position, archived, created_at as createdAt
     from habits where user_id = ? order by position, id`,
    [userId],
  );
  return rows.map((row) => ({ ...row, archived: Boolean(row.archived), createdAt: new Date(row.createdAt) }));
}
