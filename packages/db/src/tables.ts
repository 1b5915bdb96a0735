import { BasePostgreSqlPlatform } from '@mikro-orm/sql';
import type { SqlEntityManager } from '@mikro-orm/sql';
import type { CompletionStatus } from '@streakforge/core';
import {
  CompiledQuery,
  sql,
  type ColumnType,
  type Compilable,
  type Generated,
  type Kysely,
  type RawBuilder,
} from 'kysely';

/**
 * A stored instant as each engine returns it: epoch milliseconds from SQLite, a `timestamptz` text from PostgreSQL
 * (MikroORM keeps dates as strings there). Written as the platform converts a Date ({@link instantParam}).
 */
type Instant = ColumnType<number | string | Date, number | Date, number | Date>;
/** A stored flag: 0/1 on SQLite, a boolean on PostgreSQL. Compared through {@link flag}. */
type Flag = ColumnType<number | boolean, never, never>;
/** A count or a bigint: PostgreSQL's driver returns 64-bit integers as text. */
type Big = ColumnType<number | string, number, number>;
type IsoDay = string;

/** The tables as the query modules read and write them, column names as stored. */
export interface Tables {
  users: {
    id: Generated<number>;
    token_version: number;
    timezone: string;
    week_start: number;
    day_start_minutes: number;
    snapshots_through: IsoDay | null;
  };
  habits: {
    id: Generated<number>;
    user_id: number;
    external_id: string | null;
    name: string;
    question: string | null;
    description: string | null;
    category: string | null;
    color: string | null;
    type: 'boolean' | 'numeric';
    goal_type: 'daily' | 'weekly' | 'custom';
    times_per_period: number;
    period_days: number;
    target_value: number | null;
    target_type: 'at_least' | 'at_most';
    unit: string | null;
    position: number;
    archived: Flag;
    /** Raised by the database on every change of the habit's records (`Habit.recordsVersion`). */
    records_version: Generated<number>;
    created_at: Instant;
    updated_at: Instant;
  };
  habit_completions: {
    id: Generated<number>;
    habit_id: number;
    completion_date: IsoDay;
    status: CompletionStatus;
    value: number;
    notes: string | null;
    created_at: Instant;
    updated_at: Instant;
  };
  streaks: {
    habit_id: number;
    current: number;
    current_start: IsoDay | null;
    current_end: IsoDay | null;
    longest: number;
    longest_end: IsoDay | null;
    last_completion_date: IsoDay | null;
    as_of: IsoDay;
    score: number;
    previous_score: number;
    created_at: Instant;
    updated_at: Instant;
  };
  analytics_dirty: {
    id: Generated<number>;
    user_id: number;
    date: IsoDay | null;
    until_date: IsoDay | null;
  };
  daily_snapshots: {
    id: Generated<number>;
    user_id: number;
    date: IsoDay;
    category: string;
    active: number;
    qualifying: number;
    considered: number;
    considered_qualifying: number;
    done_days: number;
  };
  job_leases: { name: string; holder: string; expires_at: Instant };
  job_runs: { id: Generated<number>; name: string; status: string; started_at: Instant };
  rate_limits: { key: string; hits: number; expires_at: Big };
}

/**
 * The typed query builder on the caller's entity manager: it joins the ORM's transaction when there is one and binds
 * parameters, so each statement shape is prepared once (SQLite's statement cache) and both engines get their dialect.
 */
export function tables(em: SqlEntityManager): Kysely<Tables> {
  return em.getKysely<Tables>();
}

/** A Date as this engine stores it (epoch milliseconds on SQLite, the Date itself for PostgreSQL's driver). */
export function instantParam(em: SqlEntityManager, at: Date): number | Date {
  return em.getPlatform().processDateProperty(at) as number | Date;
}

/** A stored instant back as a Date (see {@link Instant}); PostgreSQL's text is ISO 8601 with a space and `+00`. */
export function instantOf(stored: number | string | Date): Date {
  if (typeof stored !== 'string') return new Date(stored);
  return new Date(stored.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
}

/** A flag literal both engines read as a boolean (SQLite ≥ 3.23 knows `true`/`false`); never a bound value. */
export function flag(value: boolean): RawBuilder<boolean> {
  return sql.lit(value);
}

/** Whether the entity manager talks to PostgreSQL, for the few statements that exist on one engine only. */
export function isPostgres(em: SqlEntityManager): boolean {
  return em.getPlatform() instanceof BasePostgreSqlPlatform;
}

/** Stands for the n-th argument of a {@link prepared} statement while it is built. */
class Slot {
  constructor(readonly index: number) {}
}

/**
 * A statement of fixed shape for the write path's hottest queries: built with the typed builder once per engine,
 * then run with new values. Building and compiling a Kysely query on every call cost the write path about a sixth of
 * its CPU (callgrind, POST and PUT of a day); the text and its parameter order come from the same builder either way.
 * `build` receives stand-ins for the arguments and must use each only as a bound value.
 */
export function prepared<Args extends unknown[], Row>(
  build: (db: Kysely<Tables>, ...args: { [K in keyof Args]: Args[K] }) => Compilable<Row>,
): (em: SqlEntityManager, ...args: Args) => Promise<Row[]> {
  const compiled = new WeakMap<object, CompiledQuery<Row>>();
  return async (em, ...args) => {
    const db = tables(em);
    const platform = em.getPlatform();
    let query = compiled.get(platform);
    if (!query) {
      const slots = Array.from({ length: build.length - 1 }, (_, i) => new Slot(i)) as unknown as Args;
      query = build(db, ...slots).compile();
      compiled.set(platform, query);
    }
    const parameters = query.parameters.map((value) => (value instanceof Slot ? args[value.index] : value));
    const result = await db.executeQuery<Row>({ ...query, parameters });
    return [...result.rows];
  };
}

/**
 * A statement over exactly `size` rows, like {@link prepared}: built with the typed builder once per engine, then run
 * with each call's rows; every value it binds must be one of theirs. Its columns are those of the first call's rows,
 * so callers give every call rows of one shape. Building a 1,000-row upsert's values with the builder on every call
 * cost more than SQLite took to write them. Only the text and where each value goes are kept: the builder's tree of
 * a 4,000-row statement and its stand-ins held about 2 MB.
 */
export function preparedRows<Row extends Record<string, unknown>>(
  size: number,
  build: (db: Kysely<Tables>, rows: Row[]) => Compilable<unknown>,
): (em: SqlEntityManager, rows: readonly Row[]) => Promise<void> {
  const compiled = new WeakMap<object, { sql: string; columns: string[]; slots: Int32Array }>();
  return async (em, rows) => {
    if (rows.length !== size) throw new RangeError(`this statement takes ${size} rows, not ${rows.length}`);
    const db = tables(em);
    const platform = em.getPlatform();
    let statement = compiled.get(platform);
    if (!statement) {
      const columns = Object.keys(rows[0]!);
      const standIns = Array.from(
        { length: size },
        (_, row) => Object.fromEntries(columns.map((column, i) => [column, new Slot(row * columns.length + i)])) as Row,
      );
      const query = build(db, standIns).compile();
      const slots = Int32Array.from(query.parameters, (value) => {
        if (!(value instanceof Slot)) throw new TypeError('a statement of rows binds only the values of its rows');
        return value.index;
      });
      statement = { sql: query.sql, columns, slots };
      compiled.set(platform, statement);
    }
    const { columns, slots } = statement;
    const parameters = Array.from(
      slots,
      (slot) => rows[Math.floor(slot / columns.length)]![columns[slot % columns.length]!],
    );
    await db.executeQuery(CompiledQuery.raw(statement.sql, parameters));
  };
}
