import { MikroORM } from '@mikro-orm/sqlite';
export { EntityManager } from '@mikro-orm/sqlite';
export {
  CheckConstraintViolationException,
  ForeignKeyConstraintViolationException,
  NotFoundError,
  NotNullConstraintViolationException,
  UniqueConstraintViolationException,
  raw,
  RequestContext,
} from '@mikro-orm/core';
import type { TransactionOptions } from '@mikro-orm/core';
import { createOrmConfig, type OrmConfigOptions } from './config.js';
import { isDatabaseBusy } from './sqlite-driver.js';

export { MikroORM };

/** Opens the database with the shared configuration. */
export function openOrm(options: OrmConfigOptions): Promise<MikroORM> {
  return MikroORM.init(createOrmConfig(options));
}

/** Applies every pending migration; returns the names applied. */
export async function migrateDatabase(options: OrmConfigOptions): Promise<string[]> {
  const orm = await openOrm(options);
  try {
    const applied = await orm.migrator.up();
    return applied.map((migration) => migration.name);
  } finally {
    await orm.close(true);
  }
}

/** Names of the migrations not applied yet (empty when the schema is current). */
export async function pendingMigrations(orm: MikroORM): Promise<string[]> {
  const pending = await orm.migrator.getPending();
  return pending.map((migration) => migration.name);
}

/**
 * Whether this process can take the database's write lock within `lockTimeoutMs` (an empty write transaction); false
 * while another process holds it longer.
 */
export async function canWrite(orm: MikroORM, lockTimeoutMs: number): Promise<boolean> {
  try {
    await orm.em.fork().transactional(async () => undefined, { lockTimeoutMs } as TransactionOptions);
    return true;
  } catch (error) {
    if (isDatabaseBusy(error)) return false;
    throw error;
  }
}
