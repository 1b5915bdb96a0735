import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { copyDatabase } from '@streakforge/db';
import { createApp } from '../src/bootstrap.js';
import { freshDatabase, postgresAvailable, type FreshDatabase } from '../../../tooling/test/test-database.mjs';
import { startApi, testConfig, type TestApi } from './support.js';

/**
 * `npm run db:copy` moves a deployment between engines: from the suite's engine to the other one (SQLite to
 * PostgreSQL in the SQLite projects, back in the PostgreSQL ones), after which every read answers the same.
 */
const needsBoth = postgresAvailable() ? describe : describe.skip;

needsBoth('copying a loaded database to the other engine', () => {
  let api: TestApi;
  let target: FreshDatabase;
  let copy: Awaited<ReturnType<typeof createApp>>;
  const tokens: string[] = [];
  const habitIds: number[] = [];

  beforeAll(async () => {
    api = await startApi({ now: '2026-11-24T12:00:00Z' });
    for (const name of ['ada', 'grace']) {
      const { token } = await api.register(name, { timezone: name === 'ada' ? 'Europe/Berlin' : 'America/New_York' });
      tokens.push(token);
      const habits = [
        { name: 'Read', category: 'mind' },
        { name: 'Gym', goalType: 'weekly', timesPerPeriod: 3, category: 'body' },
        { name: 'Water', type: 'numeric', targetValue: 8, unit: 'glasses' },
        { name: 'Old' },
      ];
      for (const body of habits) {
        const created = await api.request('POST', '/api/v1/habits', { token, body });
        expect(created.status).toBe(201);
        habitIds.push(created.body.id);
      }
      const archived = await api.request('PATCH', `/api/v1/habits/${habitIds.at(-1)}`, {
        token,
        body: { archived: true },
      });
      expect(archived.status).toBe(200);
      const ids = habitIds.slice(-4);
      const items = [];
      for (let back = 0; back < 90; back++) {
        const date = new Date(Date.parse('2026-11-24') - back * 86_400_000).toISOString().slice(0, 10);
        if (back % 3 !== 1) items.push({ habitId: ids[0], date, status: back % 7 === 0 ? 'skipped' : 'done' });
        if (back % 2 === 0) items.push({ habitId: ids[1], date, notes: back % 10 === 0 ? `session ${back}` : null });
        items.push({ habitId: ids[2], date, value: back % 11 });
      }
      expect((await api.request('POST', '/api/v1/completions/batch', { token, body: { items } })).status).toBe(200);
      expect(
        (await api.request('POST', '/api/v1/me/tokens', { token, body: { name: 'phone', scope: 'read' } })).status,
      ).toBe(201);
    }
    target = await freshDatabase('copy-target', api.database.engine === 'sqlite' ? 'postgresql' : 'sqlite');
    const counts = await copyDatabase(api.database.options, target.options);
    expect(counts['habit_completions']).toBeGreaterThan(300);
    copy = await createApp(testConfig(target.options), api.clock);
    await copy.init();
    await copy.getHttpAdapter().getInstance().ready();
  }, 120_000);

  afterAll(async () => {
    await copy?.close();
    await target?.remove();
    await api.close();
  });

  it('answers every read the same on both', async () => {
    const reads: string[] = [
      '/api/v1/me',
      '/api/v1/me/tokens',
      '/api/v1/habits?archived=all',
      '/api/v1/completions?from=2026-11-01&to=2026-11-24',
      '/api/v1/analytics/summary?from=2026-09-01&to=2026-11-24',
      '/api/v1/analytics/heatmap?from=2026-08-27&to=2026-11-24',
      '/api/v1/export',
    ];
    for (const id of habitIds) {
      reads.push(
        `/api/v1/habits/${id}`,
        `/api/v1/habits/${id}/completions?limit=1000`,
        `/api/v1/habits/${id}/completions/2026-11-24`,
        `/api/v1/habits/${id}/streaks`,
        `/api/v1/habits/${id}/scores?from=2026-09-01&to=2026-11-24`,
        `/api/v1/habits/${id}/stats`,
      );
    }
    for (const token of tokens) {
      for (const url of reads) {
        const original = await api.request('GET', url, { token });
        const copied = await copy.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
        expect({ url, status: copied.statusCode, body: copied.json() }).toEqual({
          url,
          status: original.status,
          body: original.body,
        });
      }
    }
  });

  it('gives new rows ids past the copied ones', async () => {
    const created = await copy.inject({
      method: 'POST',
      url: '/api/v1/habits',
      headers: { authorization: `Bearer ${tokens[0]}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'After the move' }),
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().id).toBeGreaterThan(Math.max(...habitIds));
  });

  it('refuses to copy into a database that already holds rows, and leaves it as it was', async () => {
    const before = (
      await copy.inject({ method: 'GET', url: '/api/v1/export', headers: { authorization: `Bearer ${tokens[0]}` } })
    ).body;
    await expect(copyDatabase(api.database.options, target.options)).rejects.toThrow(/not empty/);
    const after = (
      await copy.inject({ method: 'GET', url: '/api/v1/export', headers: { authorization: `Bearer ${tokens[0]}` } })
    ).body;
    expect(after).toBe(before);
  });

  it('refuses a source that is not migrated, writing nothing', async () => {
    const [source, empty] = [await freshDatabase('unmigrated'), await freshDatabase('untouched', target.engine)];
    try {
      await expect(copyDatabase(source.options, empty.options)).rejects.toThrow(
        /pending migration\(s\): run npm run migrate/,
      );
    } finally {
      await source.remove();
      await empty.remove();
    }
  });
});
