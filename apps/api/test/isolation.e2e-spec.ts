import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rows, startApi, type TestApi } from './support.js';

describe("another user's data", () => {
  let api: TestApi;
  let owner: string;
  let intruder: string;
  let habitId: number;

  beforeAll(async () => {
    api = await startApi();
    owner = (await api.register('owner')).token;
    intruder = (await api.register('intruder')).token;
    habitId = (
      await api.request('POST', '/api/v1/habits', {
        token: owner,
        body: { name: 'Private', type: 'numeric', targetValue: 2 },
      })
    ).body.id;
    await api.request('POST', `/api/v1/habits/${habitId}/completions`, {
      token: owner,
      body: { date: '2026-11-23', value: 1, notes: 'secret' },
    });
  });
  afterAll(() => api.close());

  const routes: [string, string, unknown?][] = [
    ['GET', '/habits/:id'],
    ['PATCH', '/habits/:id', { name: 'mine now' }],
    ['DELETE', '/habits/:id'],
    ['POST', '/habits/:id/completions', { value: 1 }],
    ['GET', '/habits/:id/completions'],
    ['PUT', '/habits/:id/completions/2026-11-23', { value: 5 }],
    ['POST', '/habits/:id/completions/2026-11-23/increment', { by: 1 }],
    ['DELETE', '/habits/:id/completions/2026-11-23'],
    ['GET', '/habits/:id/streaks'],
    ['GET', '/habits/:id/scores'],
    ['GET', '/habits/:id/stats'],
  ];

  it.each(routes.map(([method, path, body]) => ({ method, path, body })))(
    '$method $path answers 404 exactly like a habit that does not exist',
    async ({ method, path, body }) => {
      const theirs = await api.request(method, `/api/v1${path.replace(':id', String(habitId))}`, {
        token: intruder,
        body,
      });
      const missing = await api.request(method, `/api/v1${path.replace(':id', '999999')}`, { token: intruder, body });
      expect(theirs.status).toBe(404);
      expect(theirs.body).toEqual(missing.body);
    },
  );

  it('batch writes to it are refused as not found', async () => {
    const reply = await api.request('POST', '/api/v1/completions/batch', {
      token: intruder,
      body: { items: [{ habitId, date: '2026-11-20', value: 1 }] },
    });
    expect(reply.status).toBe(404);
  });

  it('lists show none of it', async () => {
    const list = await api.request('GET', '/api/v1/habits?archived=all', { token: intruder });
    expect(list.body).toEqual({ items: [], total: 0 });
  });

  it('is untouched afterwards', async () => {
    const habit = await api.request('GET', `/api/v1/habits/${habitId}`, { token: owner });
    expect(habit.body.name).toBe('Private');
    expect(
      await rows(api, 'select completion_date, value, notes from habit_completions where habit_id = ?', [habitId]),
    ).toEqual([{ completion_date: '2026-11-23', value: 1, notes: 'secret' }]);
  });
});
