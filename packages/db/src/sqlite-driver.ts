import {
  AbstractSqlDriver,
  MikroORM,
  SqliteConnection,
  SqlitePlatform,
  type Configuration,
} from '@mikro-orm/sqlite';
import { CompiledQuery, type DatabaseConnection, type Dialect, type Driver } from 'kysely';

/**
 * better-sqlite3 connection whose transactions begin with `BEGIN IMMEDIATE`. A deferred `BEGIN` (kysely's default)
 * takes its WAL snapshot at the first read; when another process commits before this transaction's first write,
 * SQLite fails that write with SQLITE_BUSY_SNAPSHOT at once and busy_timeout cannot help. Taking the write lock up
 * front makes concurrent writers queue on busy_timeout instead.
 */
export class ImmediateTransactionSqliteConnection extends SqliteConnection {
  override createKyselyDialect(options: Record<string, unknown>): Dialect {
    const dialect = super.createKyselyDialect(options);
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
