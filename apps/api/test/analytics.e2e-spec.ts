import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, dailyAggregates, heatmapFromAggregates, previousRange, summarizeAggregates } from '@streakforge/core';
import { User, loadAnalyticsHabits } from '@streakforge/db';
import { rows, startApi, type TestApi } from './support.js';

describe('analytics', () => {
  let api: TestApi;
  let token: string;
  let userId: number;

  /** The full recomputation through the core package, from every record. */
  async function recomputed(from: string, to: string) {
    const em = api.orm.em.fork();
    const user = await em.findOneOrFail(User, userId);
    const habits = await loadAnalyticsHabits(em, user);
    const today = '2026-11-24';
    const range = (f: string, t: string) =>
      dailyAggregates({ habits, from: f, to: t, today, weekStart: user.weekStart });
    return { days: range(from, to), previous: range(previousRange(from, to).from, previousRange(from, to).to) };
  }

  async function storeSnapshots(from: string, to: string) {
    const { days } = await recomputed(from, to);
    for (const day of days) {
      await rows(
        api,
        'insert into daily_snapshots (user_id, date, category, active, qualifying, considered, considered_qualifying, done_days) values (?, ?, ?, ?, ?, ?, ?, ?)',
        [
          userId,
          day.date,
          day.category ?? '',
          day.active,
          day.qualifying,
          day.considered,
          day.consideredQualifying,
          day.doneDays,
        ],
      );
    }
    await rows(api, 'update users set snapshots_through = ? where id = ?', [to, userId]);
    await rows(api, 'delete from analytics_dirty where user_id = ?', [userId]);
  }

  beforeAll(async () => {
    api = await startApi();
    ({ token, id: userId } = await api.register('analyst', { weekStart: 7 }));
    api.clock.set('2026-09-01T12:00:00Z');
    const make = async (body: Record<string, unknown>) =>
      (await api.request('POST', '/api/v1/habits', { token, body })).body.id as number;
    const daily = await make({ name: 'Read', category: 'mind' });
    const weekly = await make({ name: 'Gym', goalType: 'weekly', timesPerPeriod: 2, category: 'health' });
    const water = await make({ name: 'Water', type: 'numeric', targetValue: 8 });
    api.clock.set('2026-11-24T12:00:00Z');
    const items = [];
    for (let back = 0; back < 85; back++) {
      const date = addDays('2026-11-24', -back);
      if (back % 3 !== 1) items.push({ habitId: daily, date });
      if (back % 4 === 0) items.push({ habitId: weekly, date, ...(back % 8 === 0 ? { status: 'skipped' } : {}) });
      if (back % 2 === 0) items.push({ habitId: water, date, value: back % 5 });
    }
    expect((await api.request('POST', '/api/v1/completions/batch', { token, body: { items } })).status).toBe(200);
  });
  afterAll(() => api.close());

  it('answers the summary exactly as a full recomputation, before any snapshot exists', async () => {
    const reply = await api.request('GET', '/api/v1/analytics/summary?from=2026-10-26&to=2026-11-24', { token });
    expect(reply.status).toBe(200);
    const { days, previous } = await recomputed('2026-10-26', '2026-11-24');
    const expected = summarizeAggregates(days);
    expect(reply.body).toMatchObject({
      from: '2026-10-26',
      to: '2026-11-24',
      habits: 3,
      completionRate: expected.completionRate,
      doneDays: expected.doneDays,
      previousPeriod: {
        from: '2026-09-26',
        to: '2026-10-25',
        completionRate: summarizeAggregates(previous).completionRate,
      },
    });
    expect(reply.body.byCategory).toEqual([
      {
        category: null,
        habits: 1,
        completionRate: expected.byCategory.find((c) => c.category === null)!.completionRate,
      },
      {
        category: 'health',
        habits: 1,
        completionRate: expected.byCategory.find((c) => c.category === 'health')!.completionRate,
      },
      {
        category: 'mind',
        habits: 1,
        completionRate: expected.byCategory.find((c) => c.category === 'mind')!.completionRate,
      },
    ]);
    expect(reply.body.currentStreaks[0]).toEqual({
      habitId: expect.any(Number),
      name: expect.any(String),
      current: expect.any(Number),
    });
  });

  it('answers the heatmap exactly as a full recomputation', async () => {
    const reply = await api.request('GET', '/api/v1/analytics/heatmap?from=2026-08-01', { token });
    const { days } = await recomputed('2026-08-01', '2026-11-24');
    expect(reply.body.items).toEqual(heatmapFromAggregates(days, '2026-08-01', '2026-11-24'));
    expect(reply.body.items).toHaveLength(116);
    expect((await api.request('GET', '/api/v1/analytics/heatmap', { token })).body.items).toHaveLength(365);
  });

  it('reads closed days from snapshots and stays equal to the recomputation', async () => {
    await storeSnapshots('2026-09-01', '2026-11-23');
    const reply = await api.request('GET', '/api/v1/analytics/heatmap?from=2026-09-01', { token });
    const { days } = await recomputed('2026-09-01', '2026-11-24');
    expect(reply.body.items).toEqual(heatmapFromAggregates(days, '2026-09-01', '2026-11-24'));

    // Proof the stored rows are what is served: a tampered closed day shows through…
    await rows(api, "update daily_snapshots set qualifying = 0 where user_id = ? and date = '2026-11-10'", [userId]);
    const tampered = await api.request('GET', '/api/v1/analytics/heatmap?from=2026-11-10&to=2026-11-10', { token });
    expect(tampered.body.items[0].qualifying).toBe(0);
    // …until a write marks the day stale, when it is computed live again.
    const habits = (await api.request('GET', '/api/v1/habits', { token })).body.items;
    const read = habits.find((h: { name: string }) => h.name === 'Read');
    const write = await api.request('PUT', `/api/v1/habits/${read.id}/completions/2026-11-10`, {
      token,
      body: { notes: 'two chapters' },
    });
    expect(write.status).toBe(200);
    const fresh = await api.request('GET', '/api/v1/analytics/heatmap?from=2026-11-10&to=2026-11-10', { token });
    const { days: now } = await recomputed('2026-11-10', '2026-11-10');
    expect(fresh.body.items).toEqual(heatmapFromAggregates(now, '2026-11-10', '2026-11-10'));
    expect(fresh.body.items[0].qualifying).toBeGreaterThan(0);
  });

  it('computes days past the last snapshot and after habit changes live', async () => {
    api.clock.set('2026-11-25T11:00:00Z');
    try {
      const unsnapshotted = await api.request('GET', '/api/v1/analytics/heatmap?from=2026-11-20', { token });
      expect(unsnapshotted.body.items.map((d: { date: string }) => d.date).at(-1)).toBe('2026-11-25');
      const habits = (await api.request('GET', '/api/v1/habits', { token })).body.items;
      await api.request('PATCH', `/api/v1/habits/${habits[0].id}`, { token, body: { archived: true } });
      const summary = await api.request('GET', '/api/v1/analytics/summary', { token });
      expect(summary.body.habits).toBe(2);
      const heatmap = await api.request('GET', '/api/v1/analytics/heatmap?from=2026-11-01', { token });
      expect(heatmap.body.items.every((d: { active: number }) => d.active <= 2)).toBe(true);
    } finally {
      api.clock.set('2026-11-24T12:00:00Z');
    }
  });

  it('rejects future and reversed ranges', async () => {
    expect((await api.request('GET', '/api/v1/analytics/summary?to=2026-11-25', { token })).status).toBe(422);
    expect(
      (await api.request('GET', '/api/v1/analytics/heatmap?from=2026-11-20&to=2026-11-10', { token })).status,
    ).toBe(400);
    expect((await api.request('GET', '/api/v1/analytics/heatmap?from=2000-01-01', { token })).status).toBe(400);
  });

  it("shows nothing of another user's habits", async () => {
    const { token: other } = await api.register('stranger');
    const summary = await api.request('GET', '/api/v1/analytics/summary', { token: other });
    expect(summary.body).toMatchObject({
      habits: 0,
      completionRate: null,
      doneDays: 0,
      currentStreaks: [],
      byCategory: [],
    });
  });
});
