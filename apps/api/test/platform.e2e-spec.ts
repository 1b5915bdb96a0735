import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sqliteMigrations as migrationsList } from '@streakforge/db';
import { startApi, type TestApi } from './support.js';

describe('OpenAPI document', () => {
  let api: TestApi;
  let document: any;

  beforeAll(async () => {
    api = await startApi();
    document = (await api.request('GET', '/docs-json')).body;
  });
  afterAll(() => api.close());

  it('lists every route of the contract', () => {
    const operations = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      [
        'GET /health/live',
        'GET /health/ready',
        'POST /api/v1/auth/register',
        'POST /api/v1/auth/login',
        'POST /api/v1/me/tokens',
        'GET /api/v1/me/tokens',
        'DELETE /api/v1/me/tokens/{id}',
        'GET /api/v1/me',
        'PATCH /api/v1/me',
        'DELETE /api/v1/me',
        'POST /api/v1/me/password',
        'DELETE /api/v1/me/sessions',
        'POST /api/v1/me/browser-sessions',
        'GET /api/v1/me/browser-sessions',
        'DELETE /api/v1/me/browser-sessions/{id}',
        'POST /api/v1/auth/refresh',
        'POST /api/v1/auth/sign-out',
        'POST /api/v1/habits',
        'GET /api/v1/habits',
        'GET /api/v1/habits/{id}',
        'PATCH /api/v1/habits/{id}',
        'DELETE /api/v1/habits/{id}',
        'POST /api/v1/habits/{id}/completions',
        'GET /api/v1/habits/{id}/completions',
        'GET /api/v1/habits/{id}/completions/{date}',
        'GET /api/v1/completions',
        'PUT /api/v1/habits/{id}/completions/{date}',
        'POST /api/v1/habits/{id}/completions/{date}/increment',
        'DELETE /api/v1/habits/{id}/completions/{date}',
        'POST /api/v1/completions/batch',
        'GET /api/v1/habits/{id}/streaks',
        'GET /api/v1/habits/{id}/scores',
        'GET /api/v1/habits/{id}/stats',
        'GET /api/v1/analytics/summary',
        'GET /api/v1/analytics/heatmap',
        'GET /api/v1/export',
        'GET /api/v1/export/loop',
        'POST /api/v1/import',
        'POST /api/v1/import/loop',
      ].sort(),
    );
  });

  it('documents bearer auth, the error body and the 401 of every protected route', () => {
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(document.components.schemas.ErrorBody.properties)).toEqual([
      'statusCode',
      'error',
      'message',
      'details',
    ]);
    for (const [path, methods] of Object.entries(document.paths as Record<string, Record<string, any>>)) {
      if (path.startsWith('/health') || path.startsWith('/api/v1/auth')) continue;
      for (const operation of Object.values(methods)) {
        expect(operation.security).toEqual([{ bearer: [] }]);
        expect(operation.responses['401'].content['application/json'].schema.$ref).toBe(
          '#/components/schemas/ErrorBody',
        );
      }
    }
  });

  it('describes request and response schemas', () => {
    const habit = document.components.schemas.HabitResponse;
    expect(Object.keys(habit.properties)).toEqual(
      expect.arrayContaining(['id', 'goalType', 'streak', 'score', 'archived']),
    );
    expect(document.components.schemas.CreateHabitDto.required).toEqual(['name']);
    expect(document.paths['/api/v1/habits'].post.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/CreateHabitDto',
    );
  });

  it('serves Swagger UI at /docs', async () => {
    const reply = await api.request('GET', '/docs');
    expect(reply.status).toBe(200);
    expect(String(reply.body)).toContain('swagger');
  });
});

describe('health', () => {
  it('is live and ready on a migrated database', async () => {
    const api = await startApi();
    try {
      expect((await api.request('GET', '/health/live')).body).toEqual({ status: 'ok' });
      const ready = await api.request('GET', '/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({
        status: 'ok',
        info: { database: { status: 'up' }, migrations: { status: 'up' } },
      });
    } finally {
      await api.close();
    }
  });

  it('is live but not ready while migrations are pending', async () => {
    const api = await startApi({ migrate: false });
    try {
      expect((await api.request('GET', '/health/live')).status).toBe(200);
      const ready = await api.request('GET', '/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({
        status: 'error',
        error: { migrations: { status: 'down', message: 'run npm run migrate' } },
      });
      expect(ready.body.error.migrations.pending).toEqual(migrationsList.map((migration) => migration.name));
    } finally {
      await api.close();
    }
  });
});
