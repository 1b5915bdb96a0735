import {
  addDays,
  affectedDays,
  habitStart,
  logicalToday,
  type AnalyticsHabit,
  type CompletionRecord,
  type DayAggregate,
  type HabitSchedule,
  type IsoDate,
} from '@streakforge/core';
import { DailySnapshot } from './entities/analytics.entity.js';
import type { User } from './entities/user.entity.js';
import type { Habit } from './entities/habit.entity.js';
import { SCHEDULE_COLUMNS, type UserCalendar } from './habit-queries.js';
import type { EntityManager } from './orm.js';
import { flag, instantOf, prepared, tables } from './tables.js';
import { loadCompletionRecords, scheduleOf, type StreakHabit } from './streak-keeper.js';

/** The user's logical today at `now` (docs/habit-semantics.md, "Days and today"). */
export function logicalTodayOf(user: Pick<User, 'timezone' | 'dayStartMinutes'>, now: Date): IsoDate {
  return logicalToday({ now, timeZone: user.timezone, dayStartMinutes: user.dayStartMinutes });
}

const insertDirtyRange = prepared((db, userId: number, from: IsoDate, to: IsoDate) =>
  db.insertInto('analytics_dirty').values({ user_id: userId, date: from, until_date: to }),
);

/** Marks the user's days in [from, to] stale for the snapshots job, in the caller's transaction: one row. */
export async function markDaysDirty(em: EntityManager, userId: number, from: IsoDate, to: IsoDate): Promise<void> {
  if (from > to) return;
  await insertDirtyRange(em, userId, from, to);
}

/**
 * The user's stale days within [from, to]: `everything` when a mark covers all days, else the marked days, each once,
 * oldest first; `marks` are the ids of the marks read, which a snapshots run deletes once it has redone their days
 * (and only those: a mark written meanwhile stays for the next run, whatever order ids were given in).
 */
export async function readDirtyDays(
  em: EntityManager,
  userId: number,
  { from, to }: { from: IsoDate; to: IsoDate },
): Promise<{ everything: boolean; days: IsoDate[]; marks: number[] }> {
  const marks = await tables(em)
    .selectFrom('analytics_dirty')
    .select((eb) => ['id', 'date', eb.fn.coalesce('until_date', 'date').as('until')])
    .where('user_id', '=', userId)
    .where((eb) =>
      eb.or([
        eb('date', 'is', null),
        eb.and([eb('date', '<=', to), eb(eb.fn.coalesce('until_date', 'date'), '>=', from)]),
      ]),
    )
    .orderBy('id')
    .execute();
  const ids = marks.map((mark) => mark.id);
  if (marks.some((mark) => mark.date === null)) return { everything: true, days: [], marks: ids };
  const days = new Set<IsoDate>();
  for (const { date, until } of marks) {
    const last = until! < to ? until! : to;
    for (let day = date! > from ? date! : from; day <= last; day = addDays(day, 1)) days.add(day);
  }
  return { everything: false, days: [...days].sort(), marks: ids };
}

/** Marks every day of the user stale: for changes that touch a habit's whole history or the user's calendar. */
export async function markAllDirty(em: EntityManager, userId: number): Promise<void> {
  await tables(em).insertInto('analytics_dirty').values({ user_id: userId, date: null, until_date: null }).execute();
}

/**
 * An active habit as analytics read it, before its start and records: `recordsVersion` changes with every change of
 * its records, so anything computed from them, its start included, holds while it and the other fields are unchanged.
 */
export type AnalyticsHabitRow = Pick<AnalyticsHabit, 'schedule' | 'category'> & {
  id: number;
  recordsVersion: number;
  createdAt: Date;
};

/** An {@link AnalyticsHabitRow} with its start: the earlier of its creation day and its first record. */
export type StartedHabitRow = AnalyticsHabitRow & Pick<AnalyticsHabit, 'start'>;

/** The user's active (not archived) habits as analytics read them, oldest first, without starts or records. */
export async function loadAnalyticsHabitRows(em: EntityManager, user: User): Promise<AnalyticsHabitRow[]> {
  // Plain rows, not entities: hydrating a thousand habits costs more than everything else here.
  const habits = await tables(em)
    .selectFrom('habits as h')
    .select([
      'h.id',
      ...SCHEDULE_COLUMNS,
      'h.category',
      'h.records_version as recordsVersion',
      'h.created_at as createdAt',
    ])
    .where('h.user_id', '=', user.id)
    .where('h.archived', '=', flag(false))
    .orderBy('h.id')
    .execute();
  return habits.map((habit) => ({
    id: habit.id,
    schedule: scheduleOf(habit),
    category: habit.category,
    recordsVersion: habit.recordsVersion,
    createdAt: instantOf(habit.createdAt),
  }));
}

/** The user's `habits` with their starts, in the user's calendar. */
export async function withStarts<H extends AnalyticsHabitRow>(
  em: EntityManager,
  user: User,
  habits: readonly H[],
): Promise<(H & Pick<AnalyticsHabit, 'start'>)[]> {
  if (habits.length === 0) return [];
  // One index seek per habit for its first record: a grouped min() would read every record.
  const firsts = await tables(em)
    .selectFrom('habits as h')
    .select((eb) => [
      'h.id',
      eb
        .selectFrom('habit_completions as c')
        .select('c.completion_date')
        .whereRef('c.habit_id', '=', 'h.id')
        .orderBy('c.completion_date')
        .limit(1)
        .as('first'),
    ])
    .where('h.user_id', '=', user.id)
    .where(
      'h.id',
      'in',
      habits.map((habit) => habit.id),
    )
    .execute();
  const first = new Map(firsts.map((row) => [row.id, row.first ?? null]));
  return habits.map((habit) => ({
    ...habit,
    start: habitStart(logicalTodayOf(user, habit.createdAt), first.get(habit.id) ?? null),
  }));
}

/** `habits` with their records attached: only those inside `window(schedule)` when given, else all. */
export async function withAnalyticsRecords<H extends StartedHabitRow>(
  em: EntityManager,
  habits: readonly H[],
  window?: (schedule: HabitSchedule) => { from: IsoDate; to: IsoDate },
): Promise<(H & AnalyticsHabit)[]> {
  // One indexed range scan per distinct window: an OR of the windows would make SQLite scan the whole table.
  const groups = new Map<string, { window?: { from: IsoDate; to: IsoDate }; ids: number[] }>();
  for (const habit of habits) {
    const range = window?.(habit.schedule);
    const key = range ? `${range.from}/${range.to}` : 'all';
    const group = groups.get(key) ?? { ...(range ? { window: range } : {}), ids: [] };
    group.ids.push(habit.id);
    groups.set(key, group);
  }
  const records = new Map<number, CompletionRecord[]>();
  for (const group of groups.values()) {
    for (const [id, list] of await loadCompletionRecords(em, group.ids, group.window)) records.set(id, list);
  }
  return habits.map((habit) => ({ ...habit, completions: records.get(habit.id)! }));
}

/** The user's active habits with their starts and records (only those inside `window(schedule)` when given). */
export async function loadAnalyticsHabits(
  em: EntityManager,
  user: User,
  window?: (schedule: HabitSchedule) => { from: IsoDate; to: IsoDate },
): Promise<(StartedHabitRow & AnalyticsHabit)[]> {
  return withAnalyticsRecords(em, await withStarts(em, user, await loadAnalyticsHabitRows(em, user)), window);
}

/** The user's stored snapshot days in [from, to] as the core's aggregates ('' is stored for "no category"). */
export async function readSnapshots(
  em: EntityManager,
  userId: number,
  { from, to }: { from: IsoDate; to: IsoDate },
): Promise<DayAggregate[]> {
  const rows = await tables(em)
    .selectFrom('daily_snapshots')
    .select([
      'date',
      'category',
      'active',
      'qualifying',
      'considered',
      'considered_qualifying as consideredQualifying',
      'done_days as doneDays',
    ])
    .where('user_id', '=', userId)
    .where('date', '>=', from)
    .where('date', '<=', to)
    .orderBy('date')
    .orderBy('category')
    .execute();
  return rows.map((row) => ({ ...row, category: row.category === '' ? null : row.category }));
}

/**
 * Marks stale the closed days whose figures a change of the habit's records on [first, last] can move: the days
 * their qualification depends on, and the days between them and the habit's creation (its start may move).
 */
export async function markRecordsChanged(
  em: EntityManager,
  {
    user,
    habit,
    first,
    last,
    today,
  }: {
    user: UserCalendar;
    habit: StreakHabit & Pick<Habit, 'createdAt'>;
    first: IsoDate;
    last: IsoDate;
    today: IsoDate;
  },
): Promise<void> {
  const schedule = scheduleOf(habit);
  const created = logicalTodayOf(user, habit.createdAt);
  let from = affectedDays(schedule, first, user.weekStart).from;
  let to = affectedDays(schedule, last, user.weekStart).to;
  if (first < created) {
    from = from < first ? from : first;
    to = to > created ? to : created;
  }
  const yesterday = addDays(today, -1);
  await markDaysDirty(em, user.id, from, to < yesterday ? to : yesterday);
}

/** Drops every stored snapshot day of the user, before a backfill. */
export async function deleteAllSnapshots(em: EntityManager, userId: number): Promise<void> {
  await tables(em).deleteFrom('daily_snapshots').where('user_id', '=', userId).execute();
}

/** Replaces the user's snapshot rows of `dates` with `aggregates` (a day may have none: no habit was active). */
export async function replaceSnapshotDays(
  em: EntityManager,
  userId: number,
  dates: readonly IsoDate[],
  aggregates: readonly DayAggregate[],
): Promise<void> {
  if (dates.length === 0) return;
  await tables(em).deleteFrom('daily_snapshots').where('user_id', '=', userId).where('date', 'in', dates).execute();
  const rows = aggregates.map((day) => ({ ...day, user: userId, category: day.category ?? '' }));
  if (rows.length > 0) await em.insertMany(DailySnapshot, rows);
}

/** Ids per delete of settled marks: well within both engines' bound-parameter limits. */
const MARKS_PER_DELETE = 10_000;

/** Records that the user's snapshots are complete through `through`, deleting the marks read for it (their ids). */
export async function settleSnapshots(
  em: EntityManager,
  userId: number,
  { through, marks }: { through: IsoDate; marks: readonly number[] },
): Promise<void> {
  for (let i = 0; i < marks.length; i += MARKS_PER_DELETE) {
    await tables(em)
      .deleteFrom('analytics_dirty')
      .where('user_id', '=', userId)
      .where('id', 'in', marks.slice(i, i + MARKS_PER_DELETE))
      .execute();
  }
  await tables(em).updateTable('users').set({ snapshots_through: through }).where('id', '=', userId).execute();
}
