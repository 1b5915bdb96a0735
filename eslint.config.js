import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Files matching `files` may import none of `packages`, nor reach into `paths` by a relative path. */
function boundaries(files, packages, paths) {
  return {
    files: [files],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: packages,
              message:
                'crosses a package boundary: apps → db → core, and apps never import each other (docs/architecture.md)',
            },
            {
              group: paths.map((path) => `../${path}`),
              message: 'import another package by its name, not by a path into its sources',
            },
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/dist-bench/**',
      '**/coverage/**',
      '**/node_modules/**',
      '**/migrations/Migration*.ts',
      'bench/results/**',
      'apps/api/test/client/generated/**',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // TypeScript itself reports undefined names; the core rule does not know the DOM/Node globals types declare.
      'no-undef': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  // Package boundaries: apps → db → core, and the apps never import each other. The core is pure habit logic, so it
  // knows no database and no framework; the db package knows no app.
  boundaries(
    'packages/core/**/*.ts',
    [
      '@streakforge/db',
      '@streakforge/api',
      '@streakforge/worker',
      '@mikro-orm/*',
      '@nestjs/*',
      'better-sqlite3',
      'kysely',
    ],
    ['**/db/src/**', '**/apps/**'],
  ),
  boundaries('packages/db/**/*.ts', ['@streakforge/api', '@streakforge/worker', '@nestjs/*'], ['**/apps/**']),
  boundaries('apps/api/**/*.ts', ['@streakforge/worker'], ['**/worker/src/**', '**/db/src/**', '**/core/src/**']),
  boundaries('apps/worker/**/*.ts', ['@streakforge/api'], ['**/api/src/**', '**/db/src/**', '**/core/src/**']),
  // The web app talks to the API over HTTP only, and runs in a browser: no server package.
  boundaries(
    'apps/web/src/**/*.{ts,tsx}',
    ['@streakforge/db', '@streakforge/api', '@streakforge/worker', '@nestjs/*', '@mikro-orm/*'],
    ['**/api/src/**', '**/db/src/**', '**/core/src/**'],
  ),
  {
    // The service worker is plain JavaScript in the worker's own global scope.
    files: ['apps/web/public/sw.js'],
    languageOptions: {
      globals: { self: 'readonly', caches: 'readonly', fetch: 'readonly', Response: 'readonly', URL: 'readonly' },
    },
  },
  {
    // Every query lives in packages/db behind a named, typed function; the apps hold no SQL text.
    files: ['apps/*/src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='execute']",
          message: 'Queries live in packages/db behind named functions; call one of those instead.',
        },
        {
          selector: "ImportSpecifier[imported.name='sqlRows']",
          message: 'Queries live in packages/db behind named functions; call one of those instead.',
        },
      ],
    },
  },
  {
    // e2e tests read JSON bodies whose shape is what the assertions check.
    files: ['apps/*/test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        FormData: 'readonly',
        Blob: 'readonly',
      },
    },
  },
);
