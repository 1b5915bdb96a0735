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
import type { EntityManager } from '@mikro-orm/sqlite';
import { DailySnapshot } from './entities/analytics.entity.js';
import type { User } from './entities/user.entity.js';
import type { Habit } from './entities/habit.entity.js';
import { sqlRows } from './statements.js';
import { loadCompletionRecords, scheduleOf } from './streak-keeper.js';

/** The user's logical today at `now` (docs/habit-semantics.md, "Days and today"). */
export function logicalTodayOf(user: User, now: Date): IsoDate {
  return logicalToday({ now, timeZone: user.timezone, dayStartMinutes: user.dayStartMinutes });
}

/** Marks the user's days in [from, to] stale for the snapshots job, in the caller's transaction: one row. */
export async function markDaysDirty(em: EntityManager, userId: number, from: IsoDate, to: IsoDate): Promise<void> {
  if (from > to) return;
  await sqlRows(em, 'insert into analytics_dirty (user_id, date, until_date) values (?, ?, ?)', [userId, from, to]);
}

/**
 * The user's stale days within [from, to], from the marks with id ≤ `upToId` when given: `everything` when a mark
 * covers all days, else the marked days, each once, oldest first.
 */
export async function readDirtyDays(
  em: EntityManager,
  userId: number,
  { from, to }: { from: IsoDate; to: IsoDate },
  upToId?: number,
): Promise<{ everything: boolean; days: IsoDate[] }> {
  const marks = await em.execute<{ date: IsoDate | null; until: IsoDate | null }[]>(
    `select date, coalesce(until_date, date) as until from analytics_dirty
     where user_id = ?${upToId === undefined ? '' : ' and id <= ?'} and (date is null or (date <= ? and coalesce(until_date, date) >= ?))`,
    upToId === undefined ? [userId, to, from] : [userId, upToId, to, from],
  );
  const days = new Set<IsoDate>();
  for (const { date, until } of marks) {
    if (date === null || until === null) return { everything: true, days: [] };
    const last = until < to ? until : to;
    for (let day = date > from ? date : from; day <= last; day = addDays(day, 1)) days.add(day);
  }
  return { everything: false, days: [...days].sort() };
}

/** Marks every day of the user stale: for changes that touch a habit's whole history or the user's calendar. */
export async function markAllDirty(em: EntityManager, userId: number): Promise<void> {
  await em.execute('insert into analytics_dirty (user_id, date) values (?, null)', [userId]);
}

/**
 * The user's active (not archived) habits as analytics read them: each with its records (only those inside
 * `window(schedule)` when given) and its start, the earlier of its creation day and its first record.
 */
export async function loadAnalyticsHabits(
  em: EntityManager,
  user: User,
  window?: (schedule: HabitSchedule) => { from: IsoDate; to: IsoDate },
): Promise<(AnalyticsHabit & { id: number })[]> {
  // Plain rows, not entities: hydrating a thousand habits costs more than everything else here. The first record
  // comes from one index seek per habit (a grouped min() would read every record).
  const habits = await em.execute<
    (HabitSchedule & { id: number; category: string | null; createdAt: number; first: IsoDate | null })[]
  >(
    `select h.id, h.type, h.goal_type as goalType, h.times_per_period as timesPerPeriod, h.period_days as periodDays,
            h.target_value as targetValue, h.target_type as targetType, h.category, h.created_at as createdAt,
            (select c.completion_date from habit_completions c where c.habit_id = h.id order by c.completion_date limit 1) as first
     from habits h where h.user_id = ? and h.archived = 0 order by h.id`,
    [user.id],
  );
  const schedules = new Map(habits.map((habit) => [habit.id, scheduleOf(habit)]));
  // One indexed range scan per distinct window: an OR of the windows would make SQLite scan the whole table.
  const groups = new Map<string, { window?: { from: IsoDate; to: IsoDate }; ids: number[] }>();
  for (const habit of habits) {
    const range = window?.(schedules.get(habit.id)!);
    const key = range ? `${range.from}/${range.to}` : 'all';
    const group = groups.get(key) ?? { ...(range ? { window: range } : {}), ids: [] };
    group.ids.push(habit.id);
    groups.set(key, group);
  }
  const records = new Map<number, CompletionRecord[]>();
  for (const group of groups.values()) {
    for (const [id, list] of await loadCompletionRecords(em, group.ids, group.window)) records.set(id, list);
  }
  return habits.map((habit) => {
    return {
      id: habit.id,
      schedule: schedules.get(habit.id)!,
      completions: records.get(habit.id)!,
      start: habitStart(logicalTodayOf(user, new Date(habit.createdAt)), habit.first),
      category: habit.category,
    };
  });
}

/** The user's stored snapshot days in [from, to] as the core's aggregates ('' is stored for "no category"). */
export async function readSnapshots(
  em: EntityManager,
  userId: number,
  { from, to }: { from: IsoDate; to: IsoDate },
): Promise<DayAggregate[]> {
  const rows = await em.execute<(Omit<DayAggregate, 'category'> & { category: string })[]>(
    `select date, category, active, qualifying, considered, considered_qualifying as consideredQualifying, done_days as doneDays
     from daily_snapshots where user_id = ? and date between ? and ? order by date, category`,
    [userId, from, to],
  );
  return rows.map((row) => ({ ...row, category: row.category === '' ? null : row.category }));
}

/**
 * Marks stale the closed days whose figures a change of the habit's records on [first, last] can move: the days
 * their qualification depends on, and the days between them and the habit's creation (its start may move).
 */
export async function markRecordsChanged(
  em: EntityManager,
  { user, habit, first, last, today }: { user: User; habit: Habit; first: IsoDate; last: IsoDate; today: IsoDate },
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

/** The newest stale-day mark of the user (0 for none): a snapshots run clears only the marks up to what it read. */
export async function latestDirtyMark(em: EntityManager, userId: number): Promise<number> {
  const [mark] = await em.execute<{ maxId: number | null }[]>(
    'select max(id) as maxId from analytics_dirty where user_id = ?',
    [userId],
  );
  return mark?.maxId ?? 0;
}

/** Drops every stored snapshot day of the user, before a backfill. */
export async function deleteAllSnapshots(em: EntityManager, userId: number): Promise<void> {
  await em.execute('delete from daily_snapshots where user_id = ?', [userId]);
}

/** Replaces the user's snapshot rows of `dates` with `aggregates` (a day may have none: no habit was active). */
export async function replaceSnapshotDays(
  em: EntityManager,
  userId: number,
  dates: readonly IsoDate[],
  aggregates: readonly DayAggregate[],
): Promise<void> {
  if (dates.length === 0) return;
  await em.execute(`delete from daily_snapshots where user_id = ? and date in (${dates.map(() => '?').join(', ')})`, [
    userId,
    ...dates,
  ]);
  const rows = aggregates.map((day) => ({ ...day, user: userId, category: day.category ?? '' }));
  if (rows.length > 0) await em.insertMany(DailySnapshot, rows);
}

/** Records that the user's snapshots are complete through `through`, clearing the marks up to `lastMark`. */
export async function settleSnapshots(
  em: EntityManager,
  userId: number,
  { through, lastMark }: { through: IsoDate; lastMark: number },
): Promise<void> {
  await em.execute('delete from analytics_dirty where user_id = ? and id <= ?', [userId, lastMark]);
  await em.execute('update users set snapshots_through = ? where id = ?', [through, userId]);
}
