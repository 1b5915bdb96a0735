export type TestEngine = 'sqlite' | 'postgresql';
export function testEngine(): TestEngine;
export interface FreshDatabase {
  engine: TestEngine;
  /** A temp directory of the test's own (backups, logs); removed with the database. */
  dir: string;
  /** What `openOrm`, `migrateDatabase` and the apps' configs take. */
  options: { databasePath: string; databaseUrl?: string };
  /** The same, as the environment a spawned process reads. */
  env: Record<string, string>;
  describe: string;
  remove(): Promise<void>;
}
/** A new, empty database of the suite's engine, or of `engine`. */
export function freshDatabase(label?: string, engine?: TestEngine): Promise<FreshDatabase>;
/** Whether the suite can make PostgreSQL databases (a cluster at TEST_POSTGRES_URL). */
export function postgresAvailable(): boolean;
/** Rows from a test's own SQL as SQLite shows them, on either engine (see the implementation's comment). */
export function storedRows<T = Record<string, unknown>>(
  em: { execute(sql: string, params?: unknown[]): Promise<unknown> },
  sql: string,
  params?: unknown[],
): Promise<T[]>;
