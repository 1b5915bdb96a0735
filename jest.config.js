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

export default {
  // A safety net against a hang, not a speed check: tests wait on conditions, and on a loaded 2-core machine a test
  // that builds a large fixture can take several times its idle duration (jest's 5 s default failed there). Jest
  // reads this from the root configuration only.
  testTimeout: 60_000,
  projects: [
    project('core', 'packages/core', ['**/src/**/*.spec.ts']),
    project('db', 'packages/db', ['**/src/**/*.spec.ts', '**/test/**/*.spec.ts']),
    project(
      'api',
      'apps/api',
      ['**/src/**/*.spec.ts', '**/test/services/**/*.spec.ts', '**/test/**/*.e2e-spec.ts'],
      nestApp,
    ),
    project('worker', 'apps/worker', ['**/src/**/*.spec.ts', '**/test/**/*.e2e-spec.ts'], nestApp),
    project('deployment', 'test', ['**/deployment/**/*.spec.mjs']),
  ],
  collectCoverageFrom: [
    'packages/*/src/**/*.ts',
    'apps/*/src/**/*.ts',
    '!**/*.spec.ts',
    '!**/migrations/**',
    '!**/*.d.ts',
    // Entry points run as their own processes; tests drive them through child processes.
    '!packages/db/src/{migrate,create-migration,mikro-orm.config}.ts',
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
