import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateDatabase, openOrm, type MikroORM } from '../src/index.js';

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

/** The creation stamps every row needs: entities take their times from the caller's Clock, never the wall clock. */
export const stamped = (at = new Date('2026-01-01T00:00:00Z')) => ({ createdAt: at, updatedAt: at });
