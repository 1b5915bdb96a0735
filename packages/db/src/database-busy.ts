import { LockWaitTimeoutException } from '@mikro-orm/core';

/**
 * Another process held the database's write lock for longer than this process waits for it. The caller may retry
 * later; nothing was written.
 */
export class DatabaseBusyError extends Error {
  readonly code = 'DATABASE_BUSY';
  constructor(readonly waitedMs: number) {
    super(`the database is locked by another process (waited ${waitedMs} ms); try again shortly`);
    this.name = 'DatabaseBusyError';
  }
}

/**
 * Whether an error says that another connection holds a lock: ours after the lock timeout, MikroORM's conversion of
 * SQLite's "database is locked" on a statement outside a transaction, or SQLITE_BUSY and its extended codes.
 */
export function isDatabaseBusy(error: unknown): boolean {
  if (error instanceof DatabaseBusyError || error instanceof LockWaitTimeoutException) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}
