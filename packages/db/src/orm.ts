import { EntityManager as CoreEntityManager, MikroORM as CoreMikroORM } from '@mikro-orm/core';
import type { AbstractSqlDriver, SqlEntityManager } from '@mikro-orm/sql';
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
import { isDatabaseBusy } from './database-busy.js';

/**
 * The entity manager of either engine. The value is MikroORM's core class, the token its Nest module registers
 * whatever the driver; the type is the SQL entity manager both drivers share (Kysely, query builder).
 */
export type EntityManager = SqlEntityManager;
export const EntityManager = CoreEntityManager as unknown as abstract new (...args: never[]) => SqlEntityManager;

/** The ORM of either engine, as {@link EntityManager}: core's class (the Nest token), typed for the SQL drivers. */
export type MikroORM = CoreMikroORM<AbstractSqlDriver, SqlEntityManager>;
export const MikroORM = CoreMikroORM as unknown as abstract new (...args: never[]) => MikroORM;

/** Opens the database with the shared configuration. */
export async function openOrm(options: OrmConfigOptions): Promise<MikroORM> {
  return (await CoreMikroORM.init(await createOrmConfig(options))) as MikroORM;
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
