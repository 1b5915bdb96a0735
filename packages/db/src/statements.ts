import type { EntityManager } from '@mikro-orm/sqlite';
import type { Database } from 'better-sqlite3';

/**
 * Runs one SQL statement with bound parameters, for the paths every write takes. Inside a transaction it runs on the
 * connection's own better-sqlite3 handle as a prepared statement, reused across requests through the connection's
 * statement cache (`cachePreparedStatements`). Through the ORM, MikroORM would format the values into the SQL text,
 * so SQLite would compile it afresh each time, and its per-query work cost more than the query. That is safe only
 * inside a transaction, where kysely holds the one connection until commit, so nothing else can run in between.
 * Elsewhere the statement goes through the ORM as usual.
 *
 * Parameters must be numbers, strings or null (what better-sqlite3 binds).
 */
export async function sqlRows<T>(em: EntityManager, sql: string, params: readonly (number | string | null)[]): Promise<T[]> {
  if (!em.isInTransaction()) return em.execute<T[]>(sql, [...params]);
  const database = (await em.getConnection().getNativeClient()) as Database;
  const statement = database.prepare(sql);
  if (statement.reader) return statement.all(...params) as T[];
  statement.run(...params);
  return [];
}
