import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from '@jest/globals';
import { migrateDatabase, openOrm, type MikroORM, type OrmConfigOptions } from '../src/index.js';
import { freshDatabase, testEngine, type FreshDatabase } from '../../../tooling/test/test-database.mjs';

export interface TempDatabase {
  dir: string;
  path: string;
  remove(): void;
}

export function makeTempDatabase(): TempDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'streakforge-db-'));
  return { dir, path: join(dir, 'data', 'test.db'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function openMigratedOrm(databasePath: string): Promise<MikroORM> {
  await migrateDatabase({ databasePath });
  return openOrm({ databasePath });
}

/** A fresh, migrated database of the suite's engine (see tooling/test/test-database.mjs) and its ORM. */
export async function openFreshOrm(label: string): Promise<{ db: FreshDatabase; orm: MikroORM }> {
  const db = await freshDatabase(label);
  const options: OrmConfigOptions = db.options;
  await migrateDatabase(options);
  return { db, orm: await openOrm(options) };
}

/** The creation stamps every row needs: entities take their times from the caller's Clock, never the wall clock. */
export const stamped = (at = new Date('2026-01-01T00:00:00Z')) => ({ createdAt: at, updatedAt: at });

export { freshDatabase, testEngine, type FreshDatabase };

/** `it` on SQLite only: for what exists on that engine alone (its WAL, integrity_check, file copies). */
export const itOnSqlite = (testEngine() === 'sqlite' ? it : it.skip) as typeof it;
