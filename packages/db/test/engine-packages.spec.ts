import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { migrateDatabase } from '../src/index.js';
import { freshDatabase, testEngine, type FreshDatabase } from './support.js';

const run = promisify(execFile);
const child = resolve(import.meta.dirname, 'fixtures/engine-packages.mjs');

/** What only the other engine needs: its MikroORM driver and its client library. */
const OTHER_ENGINE = {
  sqlite: ['@mikro-orm/postgresql', 'pg', 'pg-pool', 'pg-protocol'],
  postgresql: ['@mikro-orm/sqlite'],
};

let db: FreshDatabase;

beforeAll(async () => {
  db = await freshDatabase('engine-packages');
  await migrateDatabase(db.options);
});

afterAll(async () => {
  await db.remove();
});

describe('a process using one engine', () => {
  it("loads that engine's driver and none of the other's", async () => {
    const { stdout } = await run(process.execPath, [child, db.options.databaseUrl ?? db.options.databasePath]);
    const loaded = stdout.trim().split('\n');
    const own = testEngine() === 'sqlite' ? '@mikro-orm/sqlite' : '@mikro-orm/postgresql';
    expect(loaded).toContain(own);
    expect(loaded.filter((name) => OTHER_ENGINE[testEngine()].includes(name))).toEqual([]);
  });
});
