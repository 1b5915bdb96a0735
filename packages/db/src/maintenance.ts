import Database from 'better-sqlite3';
import { sql } from 'kysely';
import type { EntityManager } from './orm.js';
import { isPostgres, tables } from './tables.js';

/** SQLite's `pragma integrity_check` rows as one verdict: 'ok', or every problem it lists. */
function verdictOf(rows: { integrity_check: string }[]): string {
  return rows.map((row) => row.integrity_check).join('; ');
}

/** SQLite: folds the WAL back into the database file; false when readers kept it from finishing (retried next time). */
export async function checkpointWal(em: EntityManager): Promise<boolean> {
  const { rows } = await sql<{ busy: number }>`pragma wal_checkpoint(TRUNCATE)`.execute(tables(em));
  return !rows[0]?.busy;
}

/** Lets the engine refresh the statistics its query planner uses: `pragma optimize` on SQLite, `analyze` on PostgreSQL. */
export async function optimizeDatabase(em: EntityManager): Promise<void> {
  await (isPostgres(em) ? sql`analyze` : sql`pragma optimize`).execute(tables(em));
}

/** SQLite: the database's integrity_check verdict, 'ok' or every problem it lists. */
export async function integrityCheck(em: EntityManager): Promise<string> {
  const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(tables(em));
  return verdictOf(rows);
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

/** SQLite: a consistent copy of the whole database at `path`, taken while others keep writing. */
export async function copyDatabaseTo(em: EntityManager, path: string): Promise<void> {
  await sql`vacuum into ${path}`.execute(tables(em));
}
