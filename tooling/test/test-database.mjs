// Where a test's fresh database lives: a temp SQLite file, or, in the suite's PostgreSQL projects
// (STREAKFORGE_TEST_ENGINE=postgresql), a new database on the throwaway cluster at TEST_POSTGRES_URL.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const testEngine = () => (process.env.STREAKFORGE_TEST_ENGINE === 'postgresql' ? 'postgresql' : 'sqlite');

export const postgresAvailable = () => Boolean(process.env.TEST_POSTGRES_URL);

function adminUrl() {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) throw new Error('the PostgreSQL test projects need TEST_POSTGRES_URL (a throwaway cluster; see .ci/run)');
  return url;
}

async function admin(statement) {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function freshDatabase(label = 'test', engine = testEngine()) {
  const dir = mkdtempSync(join(tmpdir(), `streakforge-${label}-`));
  if (engine === 'sqlite') {
    const databasePath = join(dir, 'data', `${label}.db`);
    return {
      engine: 'sqlite',
      dir,
      options: { databasePath },
      env: { DATABASE_PATH: databasePath },
      describe: databasePath,
      async remove() {
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `sf_${label.replace(/\W/g, '_')}_${randomBytes(5).toString('hex')}`.toLowerCase();
  await admin(`create database "${name}"`);
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  return {
    engine: 'postgresql',
    dir,
    options: { databasePath: join(dir, 'data', 'unused.db'), databaseUrl },
    env: { DATABASE_URL: databaseUrl },
    describe: databaseUrl,
    async remove() {
      rmSync(dir, { recursive: true, force: true });
      await admin(`drop database if exists "${name}" with (force)`);
    },
  };
}

const TIMESTAMPTZ = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?[+-]\d\d(:\d\d)?$/;

/**
 * Rows from a test's own SQL, as SQLite shows them, on either engine: the suites' assertions read stored rows the
 * way they were first written against SQLite. On PostgreSQL, camelCase aliases are quoted (it folds bare ones),
 * `archived = 0/1` compares with a boolean, and values come back as SQLite gives them: instants as epoch
 * milliseconds, flags as 0/1, 64-bit counts as numbers. Product code never goes through this; its queries are typed.
 */
export async function storedRows(em, text, params = []) {
  if (testEngine() === 'sqlite') return em.execute(text, params);
  const query = text
    .replace(/\bas\s+([a-z][a-z0-9]*[A-Z][A-Za-z0-9]*)\b/g, 'as "$1"')
    .replace(/\barchived\s*=\s*([01])\b/g, (_, bit) => `archived = ${bit === '1'}`);
  // PostgreSQL's driver returns 64-bit integers as text: counts, sums and the one bigint column.
  const bigints = new Set([
    'expires_at',
    ...[...query.matchAll(/\b(?:count|sum)\s*\([^)]*\)(?:,\s*\d+\))?[^,]*?\bas\s+"?(\w+)/gi)].map((m) => m[1]),
  ]);
  const rows = await em.execute(query, params);
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([key, value]) => [
        key,
        typeof value === 'boolean'
          ? Number(value)
          : typeof value === 'string' && TIMESTAMPTZ.test(value)
            ? Date.parse(value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'))
            : typeof value === 'string' && bigints.has(key) && /^-?\d+$/.test(value)
              ? Number(value)
              : value,
      ]),
    ),
  );
}
