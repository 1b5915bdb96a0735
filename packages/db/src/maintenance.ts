import type { EntityManager } from '@mikro-orm/sqlite';
import Database from 'better-sqlite3';

/** SQLite's `pragma integrity_check` rows as one verdict: 'ok', or every problem it lists. */
function verdictOf(rows: { integrity_check: string }[]): string {
  return rows.map((row) => row.integrity_check).join('; ');
}

/** Folds the WAL back into the database file; false when readers kept it from finishing (it is retried next time). */
export async function checkpointWal(em: EntityManager): Promise<boolean> {
  const [checkpoint] = await em.execute<{ busy: number }[]>('pragma wal_checkpoint(TRUNCATE)');
  return !checkpoint?.busy;
}

/** Lets SQLite refresh the statistics its query planner uses. */
export async function optimizeDatabase(em: EntityManager): Promise<void> {
  await em.execute('pragma optimize');
}

/** The database's integrity_check verdict: 'ok', or every problem it lists. */
export async function integrityCheck(em: EntityManager): Promise<string> {
  return verdictOf(await em.execute<{ integrity_check: string }[]>('pragma integrity_check'));
}

/** The integrity_check verdict of another database file (a backup), opened read-only. */
export function fileIntegrityCheck(path: string): string {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return verdictOf(db.pragma('integrity_check') as { integrity_check: string }[]);
  } finally {
    db.close();
  }
}

/** A consistent copy of the whole database at `path`, taken while others keep writing. */
export async function copyDatabaseTo(em: EntityManager, path: string): Promise<void> {
  await em.execute('vacuum into ?', [path]);
}
