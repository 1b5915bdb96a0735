import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays } from '@streakforge/core';
import fc from 'fast-check';
import { startApi, type TestApi } from './support.js';

const TODAY = '2026-11-24';

/** The longest text each field takes, in characters a careless client might mangle (astral, combining, RTL). */
const longText = (length: number) => '🧘é\u0301ש'.repeat(Math.ceil(length / 4)).slice(0, length);

type Op =
  | { kind: 'habit'; numeric: boolean; atMost: boolean; goal: 'daily' | 'weekly' | 'custom'; long: boolean }
  | { kind: 'put'; habit: number; back: number; status: 'done' | 'skipped' | 'missed' | 'unmarked'; value: number }
  | { kind: 'post'; habit: number; back: number }
  | { kind: 'increment'; habit: number; back: number; by: number }
  | { kind: 'batch'; habit: number; back: number; count: number }
  | { kind: 'delete'; habit: number; back: number }
  | { kind: 'patch'; habit: number; change: 'rename' | 'archive' | 'retype' | 'target' | 'category' }
  | { kind: 'me'; timezone: string; dayStartMinutes: number; weekStart: number }
  | { kind: 'remove'; habit: number };

const pick = fc.nat({ max: 7 });
// Mostly the last days, as clients write, so later operations meet days earlier ones wrote.
const back = fc.oneof(fc.nat({ max: 6 }), fc.nat({ max: 400 }));
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('habit' as const),
      numeric: fc.boolean(),
      atMost: fc.boolean(),
      goal: fc.constantFrom('daily' as const, 'weekly' as const, 'custom' as const),
      long: fc.boolean(),
    }),
  },
  fc.record({
    kind: fc.constant('put' as const),
    habit: pick,
    back,
    status: fc.constantFrom('done' as const, 'skipped' as const, 'missed' as const, 'unmarked' as const),
    value: fc.constantFrom(0, 0.001, 1, 2.5, 999_999_999.5, 1e9),
  }),
  fc.record({ kind: fc.constant('post' as const), habit: pick, back }),
  fc.record({ kind: fc.constant('increment' as const), habit: pick, back, by: fc.constantFrom(0.5, 1, 5e8, 1e9) }),
  fc.record({ kind: fc.constant('batch' as const), habit: pick, back, count: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ kind: fc.constant('delete' as const), habit: pick, back }),
  fc.record({
    kind: fc.constant('patch' as const),
    habit: pick,
    change: fc.constantFrom(
      'rename' as const,
      'archive' as const,
      'retype' as const,
      'target' as const,
      'category' as const,
    ),
  }),
  fc.record({
    kind: fc.constant('me' as const),
    timezone: fc.constantFrom('UTC', 'America/New_York', 'Pacific/Kiritimati', 'Asia/Kathmandu'),
    dayStartMinutes: fc.constantFrom(0, 240, 1439),
    weekStart: fc.integer({ min: 1, max: 7 }),
  }),
  fc.record({ kind: fc.constant('remove' as const), habit: pick }),
);

/** Export documents compared across accounts: ids are the account's own. */
const withoutIds = (document: { habits: Record<string, unknown>[] }) => ({
  ...document,
  habits: document.habits.map(({ id: _id, ...habit }) => habit),
});

describe('everything a client can write comes back through export and import', () => {
  let api: TestApi;
  let accounts = 0;
  /** Accepted writes by route, so the property is known to have written at the limits, not only been refused. */
  const accepted = new Map<string, number>();

  beforeAll(async () => {
    api = await startApi({ now: `${TODAY}T12:00:00Z` });
  });
  afterAll(() => api.close());

  /** Runs one operation; refusals (4xx) are part of the game, a 5xx is not. */
  async function apply(token: string, habits: number[], step: Op): Promise<void> {
    const id = 'habit' in step ? habits[step.habit % Math.max(1, habits.length)] : undefined;
    const date = 'back' in step ? addDays(TODAY, -step.back) : TODAY;
    const day = `/api/v1/habits/${id}/completions/${date}`;
    let reply;
    switch (step.kind) {
      case 'habit': {
        const name = step.long ? longText(100) : `habit ${habits.length}`;
        reply = await api.request('POST', '/api/v1/habits', {
          token,
          body: {
            name,
            ...(step.long ? { question: longText(200), description: longText(2000) } : {}),
            ...(step.numeric
              ? {
                  type: 'numeric',
                  targetValue: step.atMost ? 0 : 1e9,
                  targetType: step.atMost ? 'at_most' : 'at_least',
                  unit: step.long ? longText(30) : 'ml',
                }
              : {}),
            ...(step.goal === 'weekly' ? { goalType: 'weekly', timesPerPeriod: step.numeric ? 1 : 7 } : {}),
            ...(step.goal === 'custom'
              ? { goalType: 'custom', timesPerPeriod: step.numeric ? 1 : 365, periodDays: 365 }
              : {}),
            category: step.long ? longText(50) : null,
            color: '#FFFFFF',
          },
        });
        if (reply.status === 201) habits.push(reply.body.id);
        break;
      }
      case 'put':
        if (id === undefined) return;
        reply = await api.request('PUT', day, {
          token,
          body: {
            status: step.status,
            ...(step.status === 'done' ? { value: step.value } : {}),
            notes: step.status === 'unmarked' || step.value > 1 ? longText(2000) : null,
          },
        });
        break;
      case 'post':
        if (id === undefined) return;
        reply = await api.request('POST', `/api/v1/habits/${id}/completions`, { token, body: { date } });
        break;
      case 'increment':
        if (id === undefined) return;
        reply = await api.request('POST', `${day}/increment`, { token, body: { by: step.by } });
        break;
      case 'batch':
        if (id === undefined) return;
        reply = await api.request('POST', '/api/v1/completions/batch', {
          token,
          body: {
            items: Array.from({ length: step.count }, (_, i) => ({
              habitId: id,
              date: addDays(date, -i),
              ...(i % 3 === 1 ? { status: 'skipped' } : { value: i % 2 ? 1 : 1e9 }),
            })),
          },
        });
        break;
      case 'delete': {
        if (id === undefined) return;
        // The newest recorded day, when the habit has one: deletes that hit nothing prove little.
        const [newest] = (await api.request('GET', `/api/v1/habits/${id}/completions?limit=1`, { token })).body.items;
        const target = newest ? `/api/v1/habits/${id}/completions/${newest.date}` : day;
        reply = await api.request('DELETE', target, { token });
        break;
      }
      case 'patch': {
        if (id === undefined) return;
        const changes = {
          rename: { name: longText(100) },
          archive: { archived: true },
          retype: { type: 'numeric', targetValue: 3 },
          target: { targetValue: 1e9 },
          category: { category: longText(50) },
        }[step.change];
        reply = await api.request('PATCH', `/api/v1/habits/${id}`, { token, body: changes });
        break;
      }
      case 'me':
        reply = await api.request('PATCH', '/api/v1/me', {
          token,
          body: { timezone: step.timezone, dayStartMinutes: step.dayStartMinutes, weekStart: step.weekStart },
        });
        break;
      case 'remove':
        if (id === undefined) return;
        reply = await api.request('DELETE', `/api/v1/habits/${id}`, { token });
        if (reply.status === 204) habits.splice(habits.indexOf(id), 1);
        break;
    }
    expect(reply.status).toBeLessThan(500);
    if (reply.status < 300) accepted.set(step.kind, (accepted.get(step.kind) ?? 0) + 1);
  }

  it('reproduces the same export in a new account after random writes at the limits, and again changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 10, maxLength: 50 }), async (steps) => {
        accounts += 1;
        const { token } = await api.register(`writer${accounts}`);
        const habits: number[] = [];
        for (const step of steps) await apply(token, habits, step);

        // Every response, the export included, is checked against the OpenAPI document by the test client.
        const exported = await api.request('GET', '/api/v1/export', { token });
        expect(exported.status).toBe(200);
        for (const habit of exported.body.habits as { completions: { value: number }[] }[])
          if (habit.completions.some((day) => day.value === 1e9)) accepted.set('at the limit', 1);
        const { token: copy } = await api.register(`reader${accounts}`);
        const imported = await api.request('POST', '/api/v1/import', { token: copy, body: exported.body });
        expect([imported.status, imported.body.details]).toEqual([200, undefined]);
        const again = await api.request('GET', '/api/v1/export', { token: copy });
        expect(withoutIds(again.body)).toEqual(withoutIds(exported.body));
        const twice = await api.request('POST', '/api/v1/import', { token: copy, body: again.body });
        expect(twice.body.habits.created + twice.body.habits.updated).toBe(0);
        expect(twice.body.completions.created + twice.body.completions.updated).toBe(0);
      }),
      { numRuns: 30 },
    );
    const kinds = ['habit', 'put', 'post', 'increment', 'batch', 'delete', 'patch', 'me', 'remove', 'at the limit'];
    for (const kind of kinds) expect([kind, (accepted.get(kind) ?? 0) > 0]).toEqual([kind, true]);
  });
});
