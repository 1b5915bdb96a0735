import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { CompiledQuery, type DatabaseConnection } from 'kysely';
import { entities } from './entities/index.js';
import { postgresqlMigrations } from './migrations/postgresql/index.js';
import { sqliteMigrations } from './migrations/sqlite/index.js';

export const DEFAULT_DATABASE_PATH = './data/streakforge.db';
/**
 * How long SQLite itself waits for a lock, on the event loop's thread. Our own transactions are a few milliseconds
 * long, so this covers them; longer waits are asynchronous (see `lockTimeoutMs`).
 */
export const BUSY_TIMEOUT_MS = 20;
/** How long a transaction waits, asynchronously, for a write lock another process holds before giving up. */
export const DEFAULT_LOCK_TIMEOUT_MS = 5_000;

/** Connections each process keeps to PostgreSQL: a request holds one for its transaction only. */
export const DEFAULT_POOL_SIZE = 10;

export interface OrmConfigOptions {
  /** Path of the SQLite file; relative paths resolve against the working directory. */
  databasePath?: string;
  /** A `postgresql://` address: when set, the database is PostgreSQL and `databasePath` is not used. */
  databaseUrl?: string | undefined;
  debug?: boolean;
  /** How long a transaction waits for another process's write lock; {@link DEFAULT_LOCK_TIMEOUT_MS} unless set. */
  lockTimeoutMs?: number;
}

/**
 * Reads `DATABASE_PATH` as an absolute path. A relative path is relative to the directory the user ran npm in
 * (`INIT_CWD`), not to the workspace folder npm runs a package's script in, so every process finds the same file.
 */
export function databasePathFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const path = env['DATABASE_PATH']?.trim() || DEFAULT_DATABASE_PATH;
  return path === ':memory:' ? path : resolve(env['INIT_CWD'] || process.cwd(), path);
}

/** Whether an address names a PostgreSQL database (`postgres://` or `postgresql://`) rather than a SQLite file. */
export function isPostgresUrl(address: string): boolean {
  return /^postgres(ql)?:\/\/./.test(address);
}

/** The options that open `address`: a `postgres://` or `postgresql://` address, else the path of a SQLite file. */
export function databaseOptionsOf(address: string): Pick<OrmConfigOptions, 'databasePath' | 'databaseUrl'> {
  return isPostgresUrl(address) ? { databaseUrl: address } : { databasePath: address };
}

/**
 * `DATABASE_URL` when it names a PostgreSQL database (`postgres://` or `postgresql://`), else undefined: SQLite at
 * `DATABASE_PATH`. Any other scheme is added to `problems` rather than silently ignored.
 */
export function databaseUrlFromEnv(env: NodeJS.ProcessEnv, problems: string[]): string | undefined {
  const url = env['DATABASE_URL']?.trim();
  if (!url) return undefined;
  if (!isPostgresUrl(url)) {
    problems.push('DATABASE_URL must be a postgresql:// address (leave it unset for SQLite at DATABASE_PATH)');
  }
  return url;
}

/** The address with its password hidden, for logs and startup lines. */
export function describeDatabase(options: Pick<OrmConfigOptions, 'databasePath' | 'databaseUrl'>): string {
  if (!options.databaseUrl) return options.databasePath ?? DEFAULT_DATABASE_PATH;
  try {
    const url = new URL(options.databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'postgresql (address not shown)';
  }
}

/** `DATABASE_LOCK_TIMEOUT_MS`, 100 to 600,000 ms; a bad value is added to `problems`. */
export function lockTimeoutFromEnv(env: NodeJS.ProcessEnv, problems: string[]): number {
  const raw = env['DATABASE_LOCK_TIMEOUT_MS']?.trim();
  if (!raw) return DEFAULT_LOCK_TIMEOUT_MS;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 100 || value > 600_000) {
    problems.push(`DATABASE_LOCK_TIMEOUT_MS must be an integer from 100 to 600000, got "${raw}"`);
  }
  return value;
}

/**
 * Creates the data directory (0700) when it is missing and the database file (0600) before SQLite does, so the
 * database and the `-wal`/`-shm` files SQLite derives from it are owner-only even under a permissive umask.
 */
export function prepareDatabaseFile(databasePath: string): string {
  if (databasePath === ':memory:') return databasePath;
  const file = isAbsolute(databasePath) ? databasePath : resolve(databasePath);
  // Only what this creates is made owner-only: an existing directory may be shared on purpose.
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
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

const MIGRATIONS = {
  tableName: 'mikro_orm_migrations',
  transactional: true,
  allOrNothing: true,
  snapshot: false,
  emit: 'ts',
  // The migrate runner prints its own one-line summary.
  silent: true,
} as const;

/**
 * The one ORM configuration used by the API, the worker, the migrate runner and the MikroORM CLI: PostgreSQL when
 * `databaseUrl` is set, else the SQLite file. One entity set; each engine has its own migrations, with the same names.
 * Only the engine in use has its driver loaded: a process on SQLite never loads PostgreSQL's client (pg).
 */
export async function createOrmConfig(options: OrmConfigOptions = {}): Promise<Partial<Options>> {
  const lockTimeoutMs = options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  const common = {
    entities: [...entities],
    extensions: [Migrator],
    debug: options.debug ?? false,
    allowGlobalContext: false,
    forceUtcTimezone: true,
    // The triggers that raise `habits.records_version` differ per engine (a row trigger on SQLite, a statement
    // trigger over transition tables on PostgreSQL), which one entity definition cannot say; the migrations write
    // them, and the schema comparison leaves them (and PostgreSQL's trigger function) alone.
    schemaGenerator: { ignoreTriggers: true, ignoreRoutines: true },
  };
  if (options.databaseUrl) {
    const { StreakforgePostgreSqlDriver } = await import('./postgresql-driver.js');
    return {
      ...common,
      driver: StreakforgePostgreSqlDriver,
      clientUrl: options.databaseUrl,
      pool: { min: 0, max: DEFAULT_POOL_SIZE },
      // A row lock another transaction holds longer than this fails the statement (LockWaitTimeoutException),
      // which the apps answer with 503 and Retry-After, as SQLite's busy write lock.
      onCreateConnection: async (connection: unknown) => {
        await (connection as DatabaseConnection).executeQuery(
          CompiledQuery.raw(`set lock_timeout = ${Math.trunc(lockTimeoutMs)}`),
        );
      },
      migrations: { ...MIGRATIONS, migrationsList: postgresqlMigrations },
    };
  }
  const { StreakforgeSqliteDriver } = await import('./sqlite-driver.js');
  const dbName = prepareDatabaseFile(options.databasePath ?? databasePathFromEnv());
  return {
    ...common,
    driver: StreakforgeSqliteDriver,
    dbName,
    driverOptions: { timeout: BUSY_TIMEOUT_MS, lockTimeoutMs },
    onCreateConnection: async (connection: unknown) => {
      for (const pragma of CONNECTION_PRAGMAS) {
        await (connection as DatabaseConnection).executeQuery(CompiledQuery.raw(pragma));
      }
    },
    migrations: { ...MIGRATIONS, migrationsList: sqliteMigrations },
  };
}
