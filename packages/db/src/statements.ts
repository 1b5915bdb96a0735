import type { EntityManager } from '@mikro-orm/sqlite';
import type { CompletionStatus } from '@streakforge/core';
import { CompiledQuery } from 'kysely';

/**
 * Runs one SQL statement with bound parameters through `em.getKysely()`, which joins the caller's transaction (or
 * takes the connection for this one statement) without entering the unit of work. Bound values keep the SQL text
 * constant, so the connection's statement cache (`cachePreparedStatements`) compiles each text once; through
 * `em.execute`, MikroORM would format the values into the text and SQLite would compile every call afresh.
 *
 * Parameters must be numbers, strings or null (what both drivers bind).
 */
export async function sqlRows<T>(
  em: EntityManager,
  sql: string,
  params: readonly (number | string | null)[],
): Promise<T[]> {
  const result = await em.getKysely().executeQuery<T>(CompiledQuery.raw(sql, [...params]));
  return [...result.rows];
}

/** A day's record as the write paths store it. */
export interface CompletionDayRow {
  habitId: number;
  date: string;
  status: CompletionStatus;
  value: number;
  notes: string | null;
}

/**
 * Rows per upsert statement: 7 parameters a row, within SQLite's 32,766. Larger statements kept paying all the way
 * here (an import of 127,758 days: 250 rows a statement 0.69 s, 4,000 rows 0.35 s); callers with many rows pass them
 * in one call, so every full chunk reuses one prepared statement.
 */
const UPSERT_CHUNK = 4_000;

/** Writes days in multi-row statements: new ones are inserted, existing ones replaced (their creation time kept). */
export async function upsertCompletionDays(
  em: EntityManager,
  days: readonly CompletionDayRow[],
  now: Date,
): Promise<void> {
  for (let i = 0; i < days.length; i += UPSERT_CHUNK) {
    const chunk = days.slice(i, i + UPSERT_CHUNK);
    await sqlRows(
      em,
      `insert into habit_completions (habit_id, completion_date, status, value, notes, created_at, updated_at)
       values ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}
       on conflict (habit_id, completion_date) do update
       set status = excluded.status, value = excluded.value, notes = excluded.notes, updated_at = excluded.updated_at`,
      chunk.flatMap((day) => [day.habitId, day.date, day.status, day.value, day.notes, now.getTime(), now.getTime()]),
    );
  }
}

/** The recorded days of the given habits within [from, to], notes included, oldest first per habit. */
export async function readDayRows(
  em: EntityManager,
  habitIds: readonly number[],
  range: { from: string; to: string },
): Promise<CompletionDayRow[]> {
  if (habitIds.length === 0) return [];
  const rows = await sqlRows<CompletionDayRow>(
    em,
    `select habit_id as habitId, completion_date as date, status, value, notes from habit_completions
     where habit_id in (${habitIds.map(() => '?').join(', ')}) and completion_date between ? and ?
     order by habit_id, completion_date`,
    [...habitIds, range.from, range.to],
  );
  return rows.map((row) => ({ ...row, value: Number(row.value) }));
}

/** Every recorded day of one habit, oldest first: an export's or an import's view of its history. */
export async function habitDays(em: EntityManager, habitId: number): Promise<Omit<CompletionDayRow, 'habitId'>[]> {
  const rows = await sqlRows<Omit<CompletionDayRow, 'habitId'>>(
    em,
    'select completion_date as date, status, value, notes from habit_completions where habit_id = ? order by completion_date',
    [habitId],
  );
  return rows.map((row) => ({ ...row, value: Number(row.value), notes: row.notes ?? null }));
}

/** One habit's stored day with its stamps, or null: the write path's read before it decides what to write. */
export async function storedDay(
  em: EntityManager,
  habitId: number,
  date: string,
): Promise<(Omit<CompletionDayRow, 'habitId'> & { createdAt: Date; updatedAt: Date }) | null> {
  const [row] = await sqlRows<Omit<CompletionDayRow, 'habitId'> & { createdAt: number; updatedAt: number }>(
    em,
    `select completion_date as date, status, value, notes, created_at as createdAt, updated_at as updatedAt
     from habit_completions where habit_id = ? and completion_date = ?`,
    [habitId, date],
  );
  return row
    ? { ...row, value: Number(row.value), createdAt: new Date(row.createdAt), updatedAt: new Date(row.updatedAt) }
    : null;
}

/** Which of these habit-and-date pairs already hold a day, as `habitId:date` keys. */
export async function recordedDayKeys(
  em: EntityManager,
  habitIds: readonly number[],
  dates: readonly string[],
): Promise<Set<string>> {
  if (habitIds.length === 0 || dates.length === 0) return new Set();
  const rows = await em.execute<{ key: string }[]>(
    `select habit_id || ':' || completion_date as key from habit_completions
     where habit_id in (${habitIds.map(() => '?').join(', ')}) and completion_date in (${dates.map(() => '?').join(', ')})`,
    [...habitIds, ...dates],
  );
  return new Set(rows.map((row) => row.key));
}
