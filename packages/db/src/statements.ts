import type { CompletionStatus } from '@streakforge/core';
import type { Insertable, Kysely } from 'kysely';
import type { EntityManager } from './orm.js';
import { instantOf, instantParam, prepared, preparedRows, tables, type Tables } from './tables.js';

/** A day's record as the write paths store it. */
export interface CompletionDayRow {
  habitId: number;
  date: string;
  status: CompletionStatus;
  value: number;
  notes: string | null;
}

/**
 * Rows per upsert statement, largest first: 7 parameters a row, within SQLite's 32,766 and PostgreSQL's 65,535.
 * Larger statements kept paying all the way to 4,000 rows (an import of 127,758 days: 250 rows a statement 0.69 s,
 * 4,000 rows 0.35 s). Each size is one statement prepared once, so a write of any number of rows runs a few of them
 * (a 1,000-day batch one; 127,750 days 31 + 3 + 7) and builds none; what is left under the smallest size, fewer than
 * 100 rows, is one statement built for it.
 */
const UPSERT_SIZES = [4_000, 1_000, 100] as const;

type DayValues = Insertable<Tables['habit_completions']>;

/** A day as `habit_completions` stores it, written at `at`. */
const dayValues = (day: CompletionDayRow, at: number | Date): DayValues => ({
  habit_id: day.habitId,
  completion_date: day.date,
  status: day.status,
  value: day.value,
  notes: day.notes,
  created_at: at,
  updated_at: at,
});

const upsertDays = (db: Kysely<Tables>, values: DayValues[]) =>
  db
    .insertInto('habit_completions')
    .values(values)
    .onConflict((conflict) =>
      conflict.columns(['habit_id', 'completion_date']).doUpdateSet((eb) => ({
        status: eb.ref('excluded.status'),
        value: eb.ref('excluded.value'),
        notes: eb.ref('excluded.notes'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    );

const upsertChunks = UPSERT_SIZES.map((size) => ({
  size,
  run: preparedRows<DayValues>(size, upsertDays),
}));

/** One day's upsert, the single write's statement (see `prepared`). */
const upsertOneDay = prepared(
  (
    db,
    habitId: number,
    date: string,
    status: CompletionStatus,
    value: number,
    notes: string | null,
    at: number | Date,
  ) => upsertDays(db, [dayValues({ habitId, date, status, value, notes }, at)]),
);

/** Writes days in multi-row statements: new ones are inserted, existing ones replaced (their creation time kept). */
export async function upsertCompletionDays(
  em: EntityManager,
  days: readonly CompletionDayRow[],
  now: Date,
): Promise<void> {
  const at = instantParam(em, now);
  if (days.length === 1) {
    const [day] = days as [CompletionDayRow];
    await upsertOneDay(em, day.habitId, day.date, day.status, day.value, day.notes, at);
    return;
  }
  let from = 0;
  for (const { size, run } of upsertChunks) {
    for (; days.length - from >= size; from += size)
      await run(
        em,
        days.slice(from, from + size).map((day) => dayValues(day, at)),
      );
  }
  if (from < days.length)
    await upsertDays(
      tables(em),
      days.slice(from).map((day) => dayValues(day, at)),
    ).execute();
}

/** The recorded days of the given habits within [from, to], notes included, oldest first per habit. */
export async function readDayRows(
  em: EntityManager,
  habitIds: readonly number[],
  range: { from: string; to: string },
): Promise<CompletionDayRow[]> {
  if (habitIds.length === 0) return [];
  const rows = await tables(em)
    .selectFrom('habit_completions')
    .select(['habit_id as habitId', 'completion_date as date', 'status', 'value', 'notes'])
    .where('habit_id', 'in', habitIds)
    .where('completion_date', '>=', range.from)
    .where('completion_date', '<=', range.to)
    .orderBy('habit_id')
    .orderBy('completion_date')
    .execute();
  return rows.map((row) => ({ ...row, value: Number(row.value) }));
}

/** Every recorded day of one habit, oldest first: an export's or an import's view of its history. */
export async function habitDays(em: EntityManager, habitId: number): Promise<Omit<CompletionDayRow, 'habitId'>[]> {
  const rows = await tables(em)
    .selectFrom('habit_completions')
    .select(['completion_date as date', 'status', 'value', 'notes'])
    .where('habit_id', '=', habitId)
    .orderBy('completion_date')
    .execute();
  return rows.map((row) => ({ ...row, value: Number(row.value), notes: row.notes ?? null }));
}

const selectStoredDay = prepared((db, habitId: number, date: string) =>
  db
    .selectFrom('habit_completions')
    .select([
      'completion_date as date',
      'status',
      'value',
      'notes',
      'created_at as createdAt',
      'updated_at as updatedAt',
    ])
    .where('habit_id', '=', habitId)
    .where('completion_date', '=', date),
);

/** One habit's stored day with its stamps, or null: the write path's read before it decides what to write. */
export async function storedDay(
  em: EntityManager,
  habitId: number,
  date: string,
): Promise<(Omit<CompletionDayRow, 'habitId'> & { createdAt: Date; updatedAt: Date }) | null> {
  const [row] = await selectStoredDay(em, habitId, date);
  return row
    ? {
        ...row,
        value: Number(row.value),
        createdAt: instantOf(row.createdAt),
        updatedAt: instantOf(row.updatedAt),
      }
    : null;
}

/** Which of these habit-and-date pairs already hold a day, as `habitId:date` keys. */
export async function recordedDayKeys(
  em: EntityManager,
  habitIds: readonly number[],
  dates: readonly string[],
): Promise<Set<string>> {
  if (habitIds.length === 0 || dates.length === 0) return new Set();
  const rows = await tables(em)
    .selectFrom('habit_completions')
    .select(['habit_id as habitId', 'completion_date as date'])
    .where('habit_id', 'in', habitIds)
    .where('completion_date', 'in', dates)
    .execute();
  return new Set(rows.map((row) => `${row.habitId}:${row.date}`));
}
