import type { Habit } from './entities/habit.entity.js';
import type { User } from './entities/user.entity.js';
import type { EntityManager } from './orm.js';
import type { StreakHabit } from './streak-keeper.js';
import { flag, instantOf, isPostgres, prepared, tables } from './tables.js';

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

/** A habit's schedule as the core reads it (`scheduleOf`), from `habits as h`. */
export const SCHEDULE_COLUMNS = [
  'h.type',
  'h.goal_type as goalType',
  'h.times_per_period as timesPerPeriod',
  'h.period_days as periodDays',
  'h.target_value as targetValue',
  'h.target_type as targetType',
] as const;

const HABIT_ROW_COLUMNS = [
  'h.id',
  'h.name',
  'h.question',
  'h.description',
  'h.category',
  'h.color',
  ...SCHEDULE_COLUMNS,
  'h.unit',
  'h.position',
  'h.archived',
  'h.created_at as createdAt',
] as const;

/**
 * The user's habits with their streak rows in one query, by position then id: hydrating two thousand entities made
 * a list of 1,000 habits cost tens of milliseconds before any of it was used.
 */
export async function listHabitsWithStreaks(
  em: EntityManager,
  userId: number,
  filter: { archived: 'false' | 'true' | 'all'; category?: string | undefined },
): Promise<HabitWithStreakRow[]> {
  const rows = await tables(em)
    .selectFrom('habits as h')
    .leftJoin('streaks as s', 's.habit_id', 'h.id')
    .select([
      ...HABIT_ROW_COLUMNS,
      'h.updated_at as updatedAt',
      's.as_of as asOf',
      's.current',
      's.longest',
      's.last_completion_date as lastCompletionDate',
      's.score',
    ])
    .where('h.user_id', '=', userId)
    .$if(filter.archived !== 'all', (query) => query.where('h.archived', '=', flag(filter.archived === 'true')))
    .$if(Boolean(filter.category), (query) => query.where('h.category', '=', filter.category!))
    .orderBy('h.position')
    .orderBy('h.id')
    .execute();
  return rows.map((row) => ({
    ...row,
    archived: Boolean(row.archived),
    createdAt: instantOf(row.createdAt),
    updatedAt: instantOf(row.updatedAt),
    current: row.current ?? 0,
    longest: row.longest ?? 0,
    score: Number(row.score ?? 0),
  }));
}

/** The user's active habits with the current streak their row holds and the day it is as of (null: no row). */
export async function activeHabitStreaks(
  em: EntityManager,
  userId: number,
): Promise<{ id: number; name: string; category: string | null; current: number | null; asOf: string | null }[]> {
  return tables(em)
    .selectFrom('habits as h')
    .leftJoin('streaks as s', 's.habit_id', 'h.id')
    .select(['h.id', 'h.name', 'h.category', 's.current', 's.as_of as asOf'])
    .where('h.user_id', '=', userId)
    .where('h.archived', '=', flag(false))
    .orderBy('h.id')
    .execute();
}

/** A habit as both exports read it. */
export type ExportedHabitRow = HabitRowFields & Pick<Habit, 'externalId'>;

/** The user's habits as both exports read them, in export order (position, then id). */
export async function exportedHabitRows(em: EntityManager, userId: number): Promise<ExportedHabitRow[]> {
  const rows = await tables(em)
    .selectFrom('habits as h')
    .select([...HABIT_ROW_COLUMNS, 'h.external_id as externalId'])
    .where('h.user_id', '=', userId)
    .orderBy('h.position')
    .orderBy('h.id')
    .execute();
  return rows.map((row) => ({ ...row, archived: Boolean(row.archived), createdAt: instantOf(row.createdAt) }));
}

/**
 * Locks the given habits' rows until the caller's transaction ends, in id order so two transactions locking
 * overlapping sets cannot deadlock. Every transaction that reads and then writes a habit's days, streak row or
 * analytics marks takes it first: under PostgreSQL's READ COMMITTED, two such transactions would otherwise both read
 * the old state and one write would be lost. SQLite needs nothing here: `BEGIN IMMEDIATE` already holds the one
 * write lock for the whole transaction.
 */
export async function lockHabits(em: EntityManager, habitIds: readonly number[]): Promise<void> {
  if (habitIds.length === 0 || !isPostgres(em)) return;
  await tables(em)
    .selectFrom('habits')
    .select('id')
    .where(
      'id',
      'in',
      [...habitIds].sort((a, b) => a - b),
    )
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** {@link lockHabits} for all of a user's habits: for changes that touch every habit (an import, a new calendar). */
export async function lockUserHabits(em: EntityManager, userId: number): Promise<void> {
  if (!isPostgres(em)) return;
  await tables(em).selectFrom('habits').select('id').where('user_id', '=', userId).orderBy('id').forUpdate().execute();
}

/** What "today" and a week are for a user (docs/habit-semantics.md, "Days and today"). */
export type UserCalendar = Pick<User, 'id' | 'timezone' | 'dayStartMinutes' | 'weekStart'>;

/** A habit as a day's write and the per-habit reads need it: its schedule and creation, and its owner's calendar. */
export type HabitWithCalendar = StreakHabit & { createdAt: Date; owner: UserCalendar };

const selectHabitWithCalendar = prepared((db, userId: number, habitId: number) =>
  db
    .selectFrom('habits as h')
    .innerJoin('users as u', 'u.id', 'h.user_id')
    .select([
      'h.id',
      ...SCHEDULE_COLUMNS,
      'h.created_at as createdAt',
      'u.timezone',
      'u.day_start_minutes as dayStartMinutes',
      'u.week_start as weekStart',
    ])
    .where('h.id', '=', habitId)
    .where('h.user_id', '=', userId),
);

/**
 * The user's habit with their calendar in one prepared statement, or null when the habit is not theirs. A day's
 * write reads this inside its transaction, after the habit's lock, so a calendar change cannot slip in between;
 * the two entity lookups it replaces cost more than the rest of the write's statements together.
 */
export async function habitWithCalendar(
  em: EntityManager,
  userId: number,
  habitId: number,
): Promise<HabitWithCalendar | null> {
  const [row] = await selectHabitWithCalendar(em, userId, habitId);
  if (!row) return null;
  const { timezone, dayStartMinutes, weekStart, createdAt, ...habit } = row;
  return { ...habit, createdAt: instantOf(createdAt), owner: { id: userId, timezone, dayStartMinutes, weekStart } };
}

const selectCalendar = prepared((db, userId: number) =>
  db
    .selectFrom('users')
    .select(['id', 'timezone', 'day_start_minutes as dayStartMinutes', 'week_start as weekStart'])
    .where('id', '=', userId),
);

/** A user's calendar as a plain row, or null: what every read path needs of the user to know its today. */
export async function userCalendar(em: EntityManager, userId: number): Promise<UserCalendar | null> {
  const [row] = await selectCalendar(em, userId);
  return row ?? null;
}

const selectTokenVersion = prepared((db, userId: number) =>
  db.selectFrom('users').select('token_version as tokenVersion').where('id', '=', userId),
);

/** The version a user's access tokens must carry to be accepted (every authenticated request asks), or null. */
export async function tokenVersionOf(em: EntityManager, userId: number): Promise<number | null> {
  const [row] = await selectTokenVersion(em, userId);
  return row?.tokenVersion ?? null;
}
