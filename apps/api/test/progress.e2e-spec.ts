import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays } from '@streakforge/core';
import { startApi, type TestApi } from './support.js';

describe('streaks, scores and stats', () => {
  let api: TestApi;
  let token: string;
  let habitId: number;

  beforeAll(async () => {
    api = await startApi();
    ({ token } = await api.register('progress'));
    habitId = (await api.request('POST', '/api/v1/habits', { token, body: { name: 'Daily' } })).body.id;
    // Done for the last 7 days, a skip before them, a gap, then a 3-day run.
    const done = (back: number) => ({ habitId, date: addDays('2026-11-24', -back) });
    const items = [...[0, 1, 2, 3, 4, 5, 6].map(done), { ...done(7), status: 'skipped' }, ...[10, 11, 12].map(done)];
    await api.request('POST', '/api/v1/completions/batch', { token, body: { items } });
  });
  afterAll(() => api.close());

  const get = (path: string) => api.request('GET', `/api/v1/habits/${habitId}/${path}`, { token });

  it('reports the current, longest and best streaks', async () => {
    const reply = await get('streaks?limit=2');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      current: 8,
      longest: 8,
      best: [
        { start: '2026-11-17', end: '2026-11-24', length: 8 },
        { start: '2026-11-12', end: '2026-11-14', length: 3 },
      ],
    });
    expect((await get('streaks')).body.best).toHaveLength(2);
    expect((await get('streaks?limit=0')).status).toBe(400);
  });

  it('reports scores oldest first, by default the 30 days up to logical today', async () => {
    const reply = await get('scores');
    expect(reply.status).toBe(200);
    expect(reply.body.items).toHaveLength(30);
    expect(reply.body.items[0]).toEqual({ date: '2026-10-26', score: 0 });
    expect(reply.body.items.at(-1).date).toBe('2026-11-24');
    const habit = await api.request('GET', `/api/v1/habits/${habitId}`, { token });
    expect(reply.body.items.at(-1).score).toBe(habit.body.score);
    const skipped = (await get('scores?from=2026-11-16&to=2026-11-17')).body.items;
    expect(skipped[1].score).toBe(skipped[0].score);
  });

  it('rejects reversed, too long and future score ranges', async () => {
    expect((await get('scores?from=2026-11-20&to=2026-11-10')).body.details).toEqual([
      { field: 'from', message: 'from must not be after to' },
    ]);
    expect((await get('scores?from=2010-01-01&to=2026-11-24')).status).toBe(400);
    expect((await get('scores?to=2026-11-25')).status).toBe(422);
    expect((await get('scores?from=nope')).status).toBe(400);
    expect((await get('scores?from=2016-11-17&to=2026-11-24')).body.items).toHaveLength(3660);
    expect((await get('scores?from=2016-11-16&to=2026-11-24')).status).toBe(400);
  });

  it('reports stats from the habit start by default', async () => {
    const reply = await get('stats');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ doneDays: 10, skippedDays: 1, qualifyingDays: 10, total: 10 });
    // From the first record (12 days back) to today: 13 days, of which 12 are considered (the skip is excused).
    expect(reply.body.completionRate).toBeCloseTo(10 / 12, 10);
    expect(reply.body.weekdays).toHaveLength(7);
    expect(reply.body.weekdays.reduce((a: number, b: number) => a + b, 0)).toBe(10);
    expect(Object.keys(reply.body.periods)).toEqual(['week', 'month', 'quarter', 'year']);
    const week = await get('stats?from=2026-11-23&to=2026-11-24');
    expect(week.body).toMatchObject({ doneDays: 2, completionRate: 1 });
  });
});
