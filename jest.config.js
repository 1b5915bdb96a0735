import { existsSync } from 'node:fs';

/** One jest run over every workspace, so CI reads one set of counts and coverage thresholds apply per package. */
const swcTransform = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

const project = (displayName, dir, testMatch, extra = {}) => ({
  displayName,
  rootDir: import.meta.dirname,
  roots: [`<rootDir>/${dir}`],
  testMatch,
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swcTransform },
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    '^@streakforge/(core|db)$': '<rootDir>/packages/$1/src/index.ts',
  },
  ...extra,
});

const nestApp = { setupFilesAfterEnv: ['<rootDir>/tooling/jest/preload-nest.mjs'] };

/**
 * The same suites again on PostgreSQL, when a cluster is there (`npm test` starts one: scripts/with-postgres.mjs).
 * Left out: what exists on SQLite alone (its file, WAL, write lock, pragmas, file permissions and backups' copies).
 */
const SQLITE_ONLY = [
  'packages/db/src/logging.spec.ts',
  'packages/db/test/config.spec.ts',
  'packages/db/test/connection.spec.ts',
  'packages/db/test/lock.spec.ts',
  'packages/db/test/scale.spec.ts',
  'packages/db/test/statement-cache.spec.ts',
  'apps/api/test/locks.e2e-spec.ts',
  'apps/worker/test/locks.e2e-spec.ts',
  'apps/worker/test/maintenance.e2e-spec.ts',
];
/** What exists on PostgreSQL alone (pg_dump backups, analyze); the SQLite projects leave it out. */
const POSTGRESQL_ONLY = ['apps/worker/test/postgresql-jobs.e2e-spec.ts'];
const onPostgresql = (base) => ({
  ...base,
  displayName: `${base.displayName}:postgresql`,
  setupFiles: ['<rootDir>/tooling/jest/postgresql-engine.mjs'],
  testPathIgnorePatterns: ['/node_modules/', ...SQLITE_ONLY.map((path) => `<rootDir>/${path}`), '/src/.*\\.spec\\.ts$'],
});
const onSqlite = { testPathIgnorePatterns: ['/node_modules/', ...POSTGRESQL_ONLY.map((path) => `<rootDir>/${path}`)] };
const engineProjects = [
  project('db', 'packages/db', ['**/src/**/*.spec.ts', '**/test/**/*.spec.ts'], onSqlite),
  project('api', 'apps/api', ['**/src/**/*.spec.ts', '**/test/services/**/*.spec.ts', '**/test/**/*.e2e-spec.ts'], {
    ...nestApp,
    ...onSqlite,
  }),
  project('worker', 'apps/worker', ['**/src/**/*.spec.ts', '**/test/**/*.e2e-spec.ts'], { ...nestApp, ...onSqlite }),
];

/**
 * The web app's browser tests drive Debian's Chromium (`.ci/run` installs it). Without it they are left out and the
 * run says so, except under CI, where a missing browser must fail the run, not shrink it.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const browserTests = existsSync(CHROMIUM) || Boolean(process.env.CI);
if (!browserTests) console.warn(`No Chromium at ${CHROMIUM}: the web app's browser tests are skipped.`);

export default {
  // A safety net against a hang, not a speed check: tests wait on conditions, and on a loaded 2-core machine a test
  // that builds a large fixture can take several times its idle duration (jest's 5 s default failed there). Jest
  // reads this from the root configuration only.
  testTimeout: 60_000,
  projects: [
    project('core', 'packages/core', ['**/src/**/*.spec.ts']),
    ...engineProjects,
    ...(process.env.TEST_POSTGRES_URL ? engineProjects.map(onPostgresql) : []),
    project('deployment', 'test', ['**/deployment/**/*.spec.mjs']),
    ...(browserTests ? [project('web', 'apps/web', ['**/test/**/*.browser-spec.ts'])] : []),
  ],
  collectCoverageFrom: [
    'packages/*/src/**/*.ts',
    'apps/*/src/**/*.ts',
    '!**/*.spec.ts',
    '!**/migrations/**',
    '!**/*.d.ts',
    // Entry points run as their own processes; tests drive them through child processes.
    '!packages/db/src/{migrate,create-migration,copy-database,mikro-orm.config}.ts',
    '!apps/*/src/{main,job,import-loop}.ts',
    // A worker thread's entry, run from dist/ by the tests that upload Loop files.
    '!apps/api/src/imports/loop-parse.worker.ts',
  ],
  coverageReporters: ['text-summary', 'json-summary'],
  coverageThreshold: {
    './packages/core/src/': { lines: 95, branches: 90 },
    './packages/db/src/': { lines: 90, branches: 90 },
    './apps/api/src/': { lines: 95, branches: 85 },
    './apps/worker/src/': { lines: 90, branches: 70 },
  },
};
