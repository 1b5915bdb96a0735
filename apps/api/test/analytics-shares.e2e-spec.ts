import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fc from 'fast-check';
import { addDays, dailyAggregates, heatmapFromAggregates } from '@streakforge/core';
import { User, loadAnalyticsHabits, logicalTodayOf } from '@streakforge/db';
import { createApp } from '../src/bootstrap.js';
import { PASSWORD, startApi, testConfig, type TestApi } from './support.js';

/**
 * The heatmap keeps each habit's share of the live days between requests (`HabitShares`). Whatever happens in
 * between, on either of two API replicas sharing the database, each answer must equal a recomputation from every
 * record. No snapshots exist here, so every day of the range is a live day. The account carries over from one run
 * to the next, as a real one would, so a failing run's shrunk steps may need the runs before it to fail.
 */
describe('analytics: kept habit shares', () => {
  let api: TestApi;
  let replica: NestFastifyApplication;
  let token: string;
  let userId: number;
  const habits: number[] = [];

  const send = async (
    on: 0 | 1,
    method: string,
    url: string,
    body?: unknown,
  ): Promise<{ status: number; body: any }> => {
    if (on === 0) return api.request(method, url, { token, ...(body !== undefined ? { body } : {}) });
    const response = await replica.inject({
      method: method as 'GET',
      url,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : undefined };
  };

  async function recomputedHeatmap(from: string) {
    const em = api.orm.em.fork();
    const user = await em.findOneOrFail(User, userId);
    const today = logicalTodayOf(user, api.clock.now());
    const all = await loadAnalyticsHabits(em, user);
    const days = dailyAggregates({ habits: all, from, to: today, today, weekStart: user.weekStart });
    return { items: heatmapFromAggregates(days, from, today) };
  }

  beforeAll(async () => {
    api = await startApi({ now: '2026-11-24T12:00:00Z' });
    replica = await createApp(testConfig(api.database.options), api.clock);
    await replica.init();
    await replica.getHttpAdapter().getInstance().ready();
    ({ token, id: userId } = await api.register('sharer'));
    // Early in the UTC day, so a later day start or time zone moves the habits' creation days.
    api.clock.set('2026-10-20T02:30:00Z');
    for (const body of [
      { name: 'Read', category: 'mind' },
      { name: 'Gym', goalType: 'weekly', timesPerPeriod: 2, category: 'health' },
      { name: 'Water', type: 'numeric', targetValue: 8 },
      { name: 'Run', goalType: 'custom', timesPerPeriod: 2, periodDays: 5, category: 'health' },
    ]) {
      habits.push((await send(0, 'POST', '/api/v1/habits', body)).body.id);
    }
    api.clock.set('2026-11-24T12:00:00Z');
  });
  afterAll(async () => {
    await replica.close();
    await api.close();
  });

  const habitIndex = fc.nat({ max: 7 });
  const back = fc.nat({ max: 20 });
  const replicaOf = fc.constantFrom<0 | 1>(0, 1);
  const day = (n: number) => addDays(logicalTodayOf({ timezone: 'UTC', dayStartMinutes: 0 }, api.clock.now()), -n);
  const pick = (i: number) => habits[i % habits.length]!;

  const step = fc.oneof(
    fc.record({
      kind: fc.constant('put' as const),
      on: replicaOf,
      habit: habitIndex,
      back,
      value: fc.nat({ max: 12 }),
      skip: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('delete' as const), on: replicaOf, habit: habitIndex, back }),
    fc.record({
      kind: fc.constant('batch' as const),
      on: replicaOf,
      habit: habitIndex,
      back,
      days: fc.integer({ min: 1, max: 6 }),
    }),
    fc.record({
      kind: fc.constant('habit' as const),
      on: replicaOf,
      weekly: fc.boolean(),
      category: fc.constantFrom(null, 'mind', 'health', 'new'),
    }),
    fc.record({
      kind: fc.constant('recategorize' as const),
      on: replicaOf,
      habit: habitIndex,
      category: fc.constantFrom(null, 'mind', 'health'),
    }),
    fc.record({ kind: fc.constant('archive' as const), on: replicaOf, habit: habitIndex, archived: fc.boolean() }),
    // One setting at a time, so a change the shares' keys missed is not hidden by another that they catch.
    fc.oneof(
      fc.record({
        kind: fc.constant('calendar' as const),
        on: replicaOf,
        setting: fc.record({ weekStart: fc.integer({ min: 1, max: 7 }) }),
      }),
      fc.record({
        kind: fc.constant('calendar' as const),
        on: replicaOf,
        setting: fc.record({ dayStartMinutes: fc.constantFrom(0, 150, 240) }),
      }),
      fc.record({
        kind: fc.constant('calendar' as const),
        on: replicaOf,
        setting: fc.record({
          timezone: fc.constantFrom('UTC', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Kolkata'),
        }),
      }),
    ),
    fc.record({ kind: fc.constant('clock' as const), hours: fc.integer({ min: 1, max: 30 }) }),
  );

  it('answers every heatmap as a recomputation, whatever was written on either replica in between', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(step, replicaOf), { minLength: 1, maxLength: 10 }), async (steps) => {
        for (const [action, readOn] of steps) {
          if (action.kind === 'put') {
            const body = action.skip ? { status: 'skipped' } : { value: action.value };
            await send(action.on, 'PUT', `/api/v1/habits/${pick(action.habit)}/completions/${day(action.back)}`, body);
          } else if (action.kind === 'delete') {
            await send(action.on, 'DELETE', `/api/v1/habits/${pick(action.habit)}/completions/${day(action.back)}`);
          } else if (action.kind === 'batch') {
            const items = Array.from({ length: action.days }, (_, i) => ({
              habitId: pick(action.habit),
              date: day(action.back + i),
            }));
            await send(action.on, 'POST', '/api/v1/completions/batch', { items });
          } else if (action.kind === 'habit') {
            const body = action.weekly
              ? { name: `w${habits.length}`, goalType: 'weekly', timesPerPeriod: 3 }
              : { name: `d${habits.length}` };
            const reply = await send(action.on, 'POST', '/api/v1/habits', { ...body, category: action.category });
            expect(reply.status).toBe(201);
            habits.push(reply.body.id);
          } else if (action.kind === 'recategorize') {
            await send(action.on, 'PATCH', `/api/v1/habits/${pick(action.habit)}`, { category: action.category });
          } else if (action.kind === 'archive') {
            await send(action.on, 'PATCH', `/api/v1/habits/${pick(action.habit)}`, { archived: action.archived });
          } else if (action.kind === 'calendar') {
            const changed = await send(action.on, 'PATCH', '/api/v1/me', action.setting);
            expect(changed.status).toBe(200);
          } else {
            api.clock.set(new Date(api.clock.now().getTime() + action.hours * 3_600_000).toISOString());
            // Sessions last a day in tests; a new one keeps the clock free to run.
            const login = await api.request('POST', '/api/v1/auth/login', {
              body: { login: 'sharer', password: PASSWORD },
            });
            token = login.body.accessToken;
          }
          // From before the first habits' creation, so their start days are inside the range.
          const from = '2026-10-15';
          const reply = await send(readOn, 'GET', `/api/v1/analytics/heatmap?from=${from}`);
          expect(reply.status).toBe(200);
          expect(reply.body).toEqual(await recomputedHeatmap(from));
        }
      }),
      { numRuns: 60, seed: 20261203 },
    );
  }, 240_000);
});
