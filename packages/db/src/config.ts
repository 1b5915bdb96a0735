import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { Migrator } from '@mikro-orm/migrations';
import type { Options } from '@mikro-orm/sqlite';
import { CompiledQuery, type DatabaseConnection } from 'kysely';
import { entities } from './entities/index.js';
import { migrationsList } from './migrations/index.js';
import { StreakforgeSqliteDriver } from './sqlite-driver.js';

export const DEFAULT_DATABASE_PATH = './data/streakforge.db';
export const BUSY_TIMEOUT_MS = 10_000;

export interface OrmConfigOptions {
  /** Path of the SQLite file; relative paths resolve against the working directory. */
  databasePath?: string;
  debug?: boolean;
}

/**
 * Reads `DATABASE_PATH` as an absolute path. A relative path is relative to the directory the user ran npm in
 * (`INIT_CWD`), not to the workspace folder npm runs a package's script in, so every process finds the same file.
 */
export function databasePathFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const path = env['DATABASE_PATH']?.trim() || DEFAULT_DATABASE_PATH;
  return path === ':memory:' ? path : resolve(env['INIT_CWD'] || process.cwd(), path);
}

/**
 * Creates the data directory (0700) and the database file (0600) before SQLite does, so the database and the
 * `-wal`/`-shm` files SQLite derives from it are owner-only even under a permissive umask.
 */
export function prepareDatabaseFile(databasePath: string): string {
  if (databasePath === ':memory:') return databasePath;
  const file = isAbsolute(databasePath) ? databasePath : resolve(databasePath);
  const dir = dirname(file);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  closeSync(openSync(file, 'a', 0o600));
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(file + suffix)) chmodSync(file + suffix, 0o600);
  }
  return file;
}

const CONNECTION_PRAGMAS = [
  'pragma journal_mode = wal',
  'pragma synchronous = normal',
  'pragma foreign_keys = on',
  `pragma busy_timeout = ${BUSY_TIMEOUT_MS}`,
];

/** The one ORM configuration used by the API, the worker, the migrate runner and the MikroORM CLI. */
export function createOrmConfig(options: OrmConfigOptions = {}): Options {
  const dbName = prepareDatabaseFile(options.databasePath ?? databasePathFromEnv());
  return {
    driver: StreakforgeSqliteDriver,
    dbName,
    entities: [...entities],
    extensions: [Migrator],
    debug: options.debug ?? false,
    allowGlobalContext: false,
    forceUtcTimezone: true,
    driverOptions: { timeout: BUSY_TIMEOUT_MS },
    onCreateConnection: async (connection: unknown) => {
      for (const pragma of CONNECTION_PRAGMAS) {
        await (connection as DatabaseConnection).executeQuery(CompiledQuery.raw(pragma));
      }
    },
    migrations: {
      migrationsList,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
      // The migrate runner prints its own one-line summary.
      silent: true,
    },
  };
}
