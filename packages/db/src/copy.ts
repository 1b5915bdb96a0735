import { ReferenceKind } from '@mikro-orm/core';
import { sql, type Kysely } from 'kysely';
import type { OrmConfigOptions } from './config.js';
import { migrateDatabase, openOrm, pendingMigrations, type MikroORM } from './orm.js';
import { instantOf, isPostgres } from './tables.js';

/** Parents before children, so every foreign key finds its row. */
const TABLE_ORDER = [
  'users',
  'habits',
  'habit_completions',
  'streaks',
  'api_tokens',
  'browser_sessions',
  'daily_snapshots',
  'analytics_dirty',
  'job_runs',
  'job_leases',
  'rate_limits',
];
/** Rows per read and per insert: within both engines' bound-parameter limits for the widest table. */
const ROWS_PER_BATCH = 2_000;

export interface CopyProgress {
  table: string;
  rows: number;
  done: boolean;
}

interface TableShape {
  table: string;
  columns: string[];
  key: string;
  instants: Set<string>;
  flags: Set<string>;
  serial: string | null;
}

/** Each table's columns as the entities define them, and which hold instants and flags (stored differently). */
function tableShapes(orm: MikroORM): TableShape[] {
  const shapes = new Map<string, TableShape>();
  for (const meta of orm.getMetadata().getAll().values()) {
    if (!meta.tableName || meta.embeddable) continue;
    const shape: TableShape = {
      table: meta.tableName,
      columns: [],
      // Every table has a one-column key, which lets a copy page by key instead of by offset.
      key: meta.properties[meta.primaryKeys[0]!]!.fieldNames[0]!,
      instants: new Set(),
      flags: new Set(),
      serial: null,
    };
    for (const prop of meta.props) {
      const owns = prop.kind === ReferenceKind.SCALAR || prop.kind === ReferenceKind.MANY_TO_ONE || prop.owner;
      if (!owns || prop.persist === false || !prop.fieldNames) continue;
      shape.columns.push(...prop.fieldNames);
      if (prop.runtimeType === 'Date') shape.instants.add(prop.fieldNames[0]!);
      if (prop.runtimeType === 'boolean') shape.flags.add(prop.fieldNames[0]!);
      if (prop.autoincrement) shape.serial = prop.fieldNames[0]!;
    }
    shapes.set(shape.table, shape);
  }
  const missing = TABLE_ORDER.filter((table) => !shapes.has(table));
  const extra = [...shapes.keys()].filter((table) => !TABLE_ORDER.includes(table));
  if (missing.length || extra.length) throw new Error(`copy order out of date: ${[...missing, ...extra].join(', ')}`);
  return TABLE_ORDER.map((table) => shapes.get(table)!);
}

/** A row as the target engine stores it: instants as epoch milliseconds or Dates, flags as 0/1 or booleans. */
function convert(row: Record<string, unknown>, shape: TableShape, toPostgres: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const column of shape.columns) {
    const value = row[column];
    if (value === null || value === undefined) out[column] = null;
    else if (shape.instants.has(column)) {
      const at = instantOf(value as number | string | Date);
      out[column] = toPostgres ? at : at.getTime();
    } else if (shape.flags.has(column))
      out[column] = toPostgres ? Boolean(value) : value === true || value === 1 ? 1 : 0;
    else out[column] = value;
  }
  return out;
}

/**
 * Copies every row of one database into another, empty one, of either engine (SQLite to PostgreSQL to move a
 * deployment over, or back): the target is migrated first, then each table is copied in key order in one
 * transaction, so a failed copy leaves the target as empty as it was. Ids are kept; PostgreSQL's id sequences are
 * moved past the copied ids. Both databases must be at the same migration.
 */
export async function copyDatabase(
  from: OrmConfigOptions,
  to: OrmConfigOptions,
  onProgress: (progress: CopyProgress) => void = () => undefined,
): Promise<Record<string, number>> {
  const source = await openOrm(from);
  try {
    const pending = await pendingMigrations(source);
    if (pending.length > 0) {
      throw new Error(
        `the source database has ${pending.length} pending migration(s): run npm run migrate on it first`,
      );
    }
    await migrateDatabase(to);
    const target = await openOrm(to);
    try {
      const shapes = tableShapes(source);
      const toPostgres = isPostgres(target.em);
      const reader = source.em.fork().getKysely() as unknown as Kysely<Record<string, Record<string, unknown>>>;
      const counts: Record<string, number> = {};
      await target.em.fork().transactional(async (tx) => {
        const writer = tx.getKysely() as unknown as Kysely<Record<string, Record<string, unknown>>>;
        for (const shape of shapes) {
          const existing = await writer
            .selectFrom(shape.table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow();
          if (Number(existing['n']) > 0) {
            throw new Error(`the target database is not empty (${shape.table} has rows): copy into a new database`);
          }
          let copied = 0;
          for (let after: unknown = undefined; ;) {
            const rows = await reader
              .selectFrom(shape.table)
              .select(shape.columns)
              .$if(after !== undefined, (query) => query.where(shape.key, '>', after as string))
              .orderBy(shape.key)
              .limit(ROWS_PER_BATCH)
              .execute();
            if (rows.length === 0) break;
            after = rows.at(-1)![shape.key];
            await writer
              .insertInto(shape.table)
              .values(rows.map((row) => convert(row, shape, toPostgres)))
              .execute();
            copied += rows.length;
            onProgress({ table: shape.table, rows: copied, done: false });
            if (rows.length < ROWS_PER_BATCH) break;
          }
          counts[shape.table] = copied;
          onProgress({ table: shape.table, rows: copied, done: true });
          if (toPostgres && shape.serial) {
            await sql`select setval(pg_get_serial_sequence(${shape.table}, ${shape.serial}), coalesce(max(${sql.ref(shape.serial)}), 0) + 1, false) from ${sql.table(shape.table)}`.execute(
              writer,
            );
          }
        }
      });
      return counts;
    } finally {
      await target.close(true);
    }
  } finally {
    await source.close(true);
  }
}
