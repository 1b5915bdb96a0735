import { setTimeout as sleep } from 'node:timers/promises';
import type { Transaction } from '@mikro-orm/core';
import { AbstractSqlDriver, MikroORM, SqliteConnection, SqlitePlatform, type Configuration } from '@mikro-orm/sqlite';
import type { Database, Statement } from 'better-sqlite3';
import { CompiledQuery, type DatabaseConnection, type Dialect, type Driver } from 'kysely';
import { DatabaseBusyError, isDatabaseBusy } from './database-busy.js';

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

/** Pauses between attempts to take a write lock another process holds: short at first, then at most 100 ms. */
const retryDelayMs = (attempt: number) => Math.min(100, 5 * 2 ** attempt) * (0.5 + Math.random() / 2);

/**
 * better-sqlite3 connection with cached prepared statements, whose transactions begin with `BEGIN IMMEDIATE`. A
 * deferred `BEGIN` (kysely's default) takes its WAL snapshot at the first read; when another process commits before
 * this transaction's first write, SQLite fails that write with SQLITE_BUSY_SNAPSHOT at once and busy_timeout cannot
 * help. Taking the write lock up front makes concurrent writers wait for it instead.
 *
 * The wait is bounded and asynchronous. SQLite's own busy handler sleeps on the event loop's thread, so it is kept
 * short (`busy_timeout`); past it, the attempt is repeated after an asynchronous pause until `lockTimeoutMs`, then
 * the caller gets a {@link DatabaseBusyError}. Between attempts the connection is free, so reads go on. While the lock
 * is contended only one caller at a time probes it; the others queue behind that one rather than each spending
 * `busy_timeout` of the event loop on every attempt.
 *
 * Kysely's controlled transaction never releases its connection when BEGIN throws, which would wedge the process's
 * one connection for good. So a failed BEGIN is recorded instead of thrown: the transaction handed back is then
 * rolled back at once (which releases the connection without sending SQL), and until then every query on the
 * connection fails with the recorded error.
 */
export class ImmediateTransactionSqliteConnection extends SqliteConnection {
  private lockTimeoutMs = 0;
  private failedBegin: unknown = undefined;
  private lockQueue: Promise<void> = Promise.resolve();
  private lockWaiters = 0;

  /** `options` are the ORM's `driverOptions`: better-sqlite3's, plus `lockTimeoutMs`. */
  override createKyselyDialect({ lockTimeoutMs, ...options }: Record<string, unknown>): Dialect {
    this.lockTimeoutMs = Number(lockTimeoutMs ?? 0);
    const dialect = super.createKyselyDialect(options);
    cachePreparedStatements(this.handle);
    return {
      createAdapter: () => dialect.createAdapter(),
      createIntrospector: (db) => dialect.createIntrospector(db),
      createQueryCompiler: () => dialect.createQueryCompiler(),
      createDriver: (): Driver => this.wrapDriver(dialect.createDriver()),
    };
  }

  /** `options.lockTimeoutMs` (from `em.transactional`'s options) overrides the configured wait for one transaction. */
  override async begin(
    options: Parameters<SqliteConnection['begin']>[0] & { lockTimeoutMs?: number } = {},
  ): Promise<Transaction> {
    if (options.ctx) return super.begin(options);
    // MikroORM connects on first use, and connecting is what reads the configured timeout.
    await this.ensureConnection();
    const lockTimeoutMs = options.lockTimeoutMs ?? this.lockTimeoutMs;
    const started = Date.now();
    if (this.lockWaiters === 0) {
      const transaction = await this.attemptBegin(options);
      if (transaction) return transaction;
    }
    this.lockWaiters++;
    const myTurn = this.lockQueue;
    let done!: () => void;
    this.lockQueue = new Promise<void>((resolve) => (done = resolve));
    try {
      await myTurn;
      for (let attempt = 0; ; attempt++) {
        const transaction = await this.attemptBegin(options);
        if (transaction) return transaction;
        const waited = Date.now() - started;
        if (waited >= lockTimeoutMs) throw new DatabaseBusyError(waited);
        await sleep(Math.min(retryDelayMs(attempt), lockTimeoutMs - waited));
      }
    } finally {
      this.lockWaiters--;
      done();
    }
  }

  /** One `BEGIN IMMEDIATE`: the transaction, or null when another process holds the write lock. */
  private async attemptBegin(options: Parameters<SqliteConnection['begin']>[0]): Promise<Transaction | null> {
    const transaction = await super.begin(options);
    const failure = this.failedBegin;
    if (failure === undefined) return transaction;
    await (transaction as unknown as { rollback(): { execute(): Promise<void> } }).rollback().execute();
    if (isDatabaseBusy(failure)) return null;
    throw failure;
  }

  /** MikroORM keeps the better-sqlite3 handle in a field its typings mark private. */
  private get handle(): Database {
    return (this as unknown as { database: Database }).database;
  }

  private wrapDriver(driver: Driver): Driver {
    const guard = (connection: DatabaseConnection): DatabaseConnection => ({
      executeQuery: (query, options) => {
        if (this.failedBegin !== undefined) return Promise.reject(this.failedBegin);
        return connection.executeQuery(query, options);
      },
      streamQuery: (query, chunkSize, options) => {
        if (this.failedBegin !== undefined) throw this.failedBegin;
        return connection.streamQuery(query, chunkSize, options);
      },
    });
    let guarded: { inner: DatabaseConnection; outer: DatabaseConnection } | undefined;
    const innerOf = (connection: DatabaseConnection) => (guarded?.outer === connection ? guarded.inner : connection);
    return {
      init: (options) => driver.init(options),
      destroy: (options) => driver.destroy(options),
      acquireConnection: async (options) => {
        const inner = await driver.acquireConnection(options);
        if (guarded?.inner !== inner) guarded = { inner, outer: guard(inner) };
        return guarded.outer;
      },
      releaseConnection: (connection, options) => driver.releaseConnection(innerOf(connection), options),
      beginTransaction: async (connection) => {
        try {
          await innerOf(connection).executeQuery(CompiledQuery.raw('begin immediate'));
        } catch (error) {
          this.failedBegin = error;
        }
      },
      commitTransaction: (connection) => driver.commitTransaction(innerOf(connection)),
      // SQLite ends a transaction by itself on some errors (a full disk, an interrupted commit); a `rollback` then
      // would throw and leave kysely's connection unreleased.
      rollbackTransaction: async (connection) => {
        if (this.failedBegin !== undefined) {
          this.failedBegin = undefined;
          return;
        }
        if (this.handle.inTransaction) await driver.rollbackTransaction(innerOf(connection));
      },
      savepoint: (connection, name, compile) => driver.savepoint!(innerOf(connection), name, compile),
      rollbackToSavepoint: (connection, name, compile) =>
        driver.rollbackToSavepoint!(innerOf(connection), name, compile),
      releaseSavepoint: (connection, name, compile) => driver.releaseSavepoint!(innerOf(connection), name, compile),
    };
  }
}

export class StreakforgeSqlitePlatform extends SqlitePlatform {
  override getBeginTransactionSQL(): string[] {
    return ['begin immediate'];
  }
}

/** MikroORM's SQLite driver with bounded `BEGIN IMMEDIATE` transactions (see {@link ImmediateTransactionSqliteConnection}). */
export class StreakforgeSqliteDriver extends AbstractSqlDriver<ImmediateTransactionSqliteConnection> {
  constructor(config: Configuration) {
    super(config, new StreakforgeSqlitePlatform(), ImmediateTransactionSqliteConnection, ['kysely', 'better-sqlite3']);
  }

  override getORMClass() {
    return MikroORM;
  }
}
