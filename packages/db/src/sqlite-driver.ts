import {
  AbstractSqlDriver,
  MikroORM,
  SqliteConnection,
  SqlitePlatform,
  type Configuration,
} from '@mikro-orm/sqlite';
import type { Database, Statement } from 'better-sqlite3';
import { CompiledQuery, type DatabaseConnection, type Dialect, type Driver } from 'kysely';

const CACHED_STATEMENTS = 500;

/**
 * Reuses prepared statements by SQL text, least recently used out first. Kysely prepares every query afresh, and
 * MikroORM inlines parameter values into the text, so through the ORM only identical texts share a statement
 * (transaction control, the per-request user lookup, repeated reads); `sqlRows` binds its values, so each of its
 * texts is compiled once. A statement still iterating (a stream) is never handed out twice.
 */
export function cachePreparedStatements(database: Database, limit = CACHED_STATEMENTS): void {
  const prepare = database.prepare.bind(database);
  const cache = new Map<string, Statement>();
  database.prepare = ((sql: string) => {
    const cached = cache.get(sql);
    if (cached && !cached.busy) {
      cache.delete(sql);
      cache.set(sql, cached);
      return cached;
    }
    const statement = prepare(sql);
    if (!cached) {
      if (cache.size >= limit) cache.delete(cache.keys().next().value!);
      cache.set(sql, statement);
    }
    return statement;
  }) as Database['prepare'];
}

/**
 * better-sqlite3 connection with cached prepared statements, whose transactions begin with `BEGIN IMMEDIATE`. A
 * deferred `BEGIN` (kysely's default) takes its WAL snapshot at the first read; when another process commits before this transaction's first write,
 * SQLite fails that write with SQLITE_BUSY_SNAPSHOT at once and busy_timeout cannot help. Taking the write lock up
 * front makes concurrent writers queue on busy_timeout instead.
 */
export class ImmediateTransactionSqliteConnection extends SqliteConnection {
  override createKyselyDialect(options: Record<string, unknown>): Dialect {
    const dialect = super.createKyselyDialect(options);
    // MikroORM keeps the better-sqlite3 handle it just opened in a field its typings mark private.
    cachePreparedStatements((this as unknown as { database: Database }).database);
    return {
      createAdapter: () => dialect.createAdapter(),
      createIntrospector: (db) => dialect.createIntrospector(db),
      createQueryCompiler: () => dialect.createQueryCompiler(),
      createDriver: (): Driver => {
        const driver = dialect.createDriver();
        driver.beginTransaction = async (connection: DatabaseConnection) => {
          await connection.executeQuery(CompiledQuery.raw('begin immediate'));
        };
        return driver;
      },
    };
  }
}

export class StreakforgeSqlitePlatform extends SqlitePlatform {
  override getBeginTransactionSQL(): string[] {
    return ['begin immediate'];
  }
}

/** MikroORM's SQLite driver with `BEGIN IMMEDIATE` transactions (see {@link ImmediateTransactionSqliteConnection}). */
export class StreakforgeSqliteDriver extends AbstractSqlDriver<ImmediateTransactionSqliteConnection> {
  constructor(config: Configuration) {
    super(config, new StreakforgeSqlitePlatform(), ImmediateTransactionSqliteConnection, ['kysely', 'better-sqlite3']);
  }

  override getORMClass() {
    return MikroORM;
  }
}
