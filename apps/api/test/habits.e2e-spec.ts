import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rows, startApi, type TestApi } from './support.js';

describe('habits', () => {
  let api: TestApi;
  let token: string;
  let userId: number;

  beforeAll(async () => {
    api = await startApi();
    ({ token, id: userId } = await api.register('habits'));
  });
  afterAll(() => api.close());

  const create = (body: Record<string, unknown>) => api.request('POST', '/api/v1/habits', { token, body });

  it('creates a daily yes/no habit with defaults, a zero streak and a zero score', async () => {
    const reply = await create({ name: '  Meditate  ' });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      id: expect.any(Number),
      name: 'Meditate',
      question: null,
      description: null,
      category: null,
      color: null,
      type: 'boolean',
      goalType: 'daily',
      timesPerPeriod: 1,
      periodDays: null,
      targetValue: null,
      targetType: 'at_least',
      unit: null,
      position: expect.any(Number),
      archived: false,
      createdAt: '2026-11-24T12:00:00.000Z',
      updatedAt: '2026-11-24T12:00:00.000Z',
      streak: { current: 0, longest: 0, lastCompletionDate: null },
      score: 0,
    });
    const streak = await rows(api, 'select current, longest, as_of from streaks where habit_id = ?', [reply.body.id]);
    expect(streak).toEqual([{ current: 0, longest: 0, as_of: '2026-11-24' }]);
  });

  it('creates weekly, custom and numeric habits with every field', async () => {
    const weekly = await create({
      name: 'Gym',
      goalType: 'weekly',
      timesPerPeriod: 3,
      category: 'health',
      color: '#4CAF50',
      description: 'lift',
    });
    expect(weekly.body).toMatchObject({
      goalType: 'weekly',
      timesPerPeriod: 3,
      periodDays: null,
      category: 'health',
      color: '#4CAF50',
      description: 'lift',
    });
    const custom = await create({ name: 'Call mum', goalType: 'custom', timesPerPeriod: 2, periodDays: 10 });
    expect(custom.body).toMatchObject({ goalType: 'custom', timesPerPeriod: 2, periodDays: 10 });
    const numeric = await create({ name: 'Sugar', type: 'numeric', targetValue: 30, targetType: 'at_most', unit: 'g' });
    expect(numeric.body).toMatchObject({
      type: 'numeric',
      targetValue: 30,
      targetType: 'at_most',
      unit: 'g',
      score: 1,
    });
  });

  it.each([
    [{ name: '' }, ['name']],
    [{ name: '   ' }, ['name']],
    [{ name: 'x'.repeat(101) }, ['name']],
    [{ name: 'x', color: 'green' }, ['color']],
    [{ name: 'x', goalType: 'weekly', timesPerPeriod: 8 }, ['timesPerPeriod']],
    [{ name: 'x', goalType: 'weekly', periodDays: 7 }, ['periodDays']],
    [{ name: 'x', goalType: 'custom', timesPerPeriod: 5, periodDays: 3 }, ['timesPerPeriod']],
    [{ name: 'x', goalType: 'custom', timesPerPeriod: 2 }, ['periodDays']],
    [{ name: 'x', goalType: 'daily', timesPerPeriod: 2 }, ['timesPerPeriod']],
    [{ name: 'x', type: 'numeric' }, ['targetValue']],
    [{ name: 'x', type: 'numeric', targetValue: 0 }, ['targetValue']],
    [{ name: 'x', targetValue: 5 }, ['targetValue']],
    [{ name: 'x', unit: 'km' }, ['unit']],
    [{ name: 'x', type: 'counter' }, ['type']],
    [{ name: 'x', timesPerPeriod: 1.5 }, ['timesPerPeriod']],
    [{ name: 'x', position: -1 }, ['position']],
    [{ name: 'x', owner: 2 }, ['owner']],
    [{ name: 42 }, ['name']],
  ])('rejects %j with details for %j and writes nothing', async (body, fields) => {
    const habitsOfUser = () => rows(api, 'select count(*) as n from habits where user_id = ?', [userId]);
    const before = await habitsOfUser();
    const reply = await create(body);
    expect(reply.status).toBe(400);
    expect(reply.body.details.map((d: { field: string }) => d.field)).toEqual(fields);
    expect(await habitsOfUser()).toEqual(before);
  });

  it('lists by position then id, hides archived habits by default and filters by category', async () => {
    const { token: own } = await api.register('lister');
    const make = async (body: Record<string, unknown>) =>
      (await api.request('POST', '/api/v1/habits', { token: own, body })).body;
    const a = await make({ name: 'A', position: 5, category: 'mind' });
    const b = await make({ name: 'B', position: 1 });
    const c = await make({ name: 'C', position: 5, category: 'mind' });
    const d = await make({ name: 'D' });
    expect(d.position).toBe(6);
    await api.request('PATCH', `/api/v1/habits/${b.id}`, { token: own, body: { archived: true } });

    const names = async (query: string) => {
      const reply = await api.request('GET', `/api/v1/habits${query}`, { token: own });
      expect(reply.status).toBe(200);
      expect(reply.body.total).toBe(reply.body.items.length);
      return reply.body.items.map((h: { name: string }) => h.name);
    };
    expect(await names('')).toEqual(['A', 'C', 'D']);
    expect(await names('?archived=true')).toEqual(['B']);
    expect(await names('?archived=all')).toEqual(['B', 'A', 'C', 'D']);
    expect(await names('?category=mind')).toEqual(['A', 'C']);
    expect(a.id).toBeLessThan(c.id);
    expect((await api.request('GET', '/api/v1/habits?archived=maybe', { token: own })).status).toBe(400);
  });

  it('gets, updates and deletes a habit', async () => {
    const habit = (await create({ name: 'Read', category: 'mind' })).body;
    expect((await api.request('GET', `/api/v1/habits/${habit.id}`, { token })).body).toEqual(habit);

    api.clock.set('2026-11-24T12:10:00Z');
    const patched = await api.request('PATCH', `/api/v1/habits/${habit.id}`, {
      token,
      body: { name: 'Read books', category: null, color: '#000000' },
    });
    api.clock.set('2026-11-24T12:00:00Z');
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      name: 'Read books',
      category: null,
      color: '#000000',
      createdAt: habit.createdAt,
    });
    // Stamped by the service's clock, and what the row holds: GET answers the same.
    expect(patched.body.updatedAt).toBe('2026-11-24T12:10:00.000Z');
    expect((await api.request('GET', `/api/v1/habits/${habit.id}`, { token })).body.updatedAt).toBe(
      '2026-11-24T12:10:00.000Z',
    );
    // A PATCH that changes nothing keeps it.
    const same = await api.request('PATCH', `/api/v1/habits/${habit.id}`, { token, body: { name: 'Read books' } });
    expect(same.body.updatedAt).toBe('2026-11-24T12:10:00.000Z');

    expect((await api.request('PATCH', `/api/v1/habits/${habit.id}`, { token, body: { name: null } })).status).toBe(
      400,
    );
    expect((await api.request('DELETE', `/api/v1/habits/${habit.id}`, { token })).status).toBe(204);
    expect((await api.request('GET', `/api/v1/habits/${habit.id}`, { token })).status).toBe(404);
    expect((await api.request('DELETE', `/api/v1/habits/${habit.id}`, { token })).status).toBe(404);
  });

  it('changes goal and type in a PATCH, dropping fields that stop applying', async () => {
    const habit = (await create({ name: 'Run', goalType: 'custom', timesPerPeriod: 3, periodDays: 10 })).body;
    const daily = await api.request('PATCH', `/api/v1/habits/${habit.id}`, { token, body: { goalType: 'daily' } });
    expect(daily.body).toMatchObject({ goalType: 'daily', timesPerPeriod: 1, periodDays: null });
    const numeric = await api.request('PATCH', `/api/v1/habits/${habit.id}`, {
      token,
      body: { type: 'numeric', targetValue: 5, unit: 'km' },
    });
    expect(numeric.body).toMatchObject({ type: 'numeric', targetValue: 5, unit: 'km' });
    const back = await api.request('PATCH', `/api/v1/habits/${habit.id}`, { token, body: { type: 'boolean' } });
    expect(back.body).toMatchObject({ type: 'boolean', targetValue: null, unit: null });
    const invalid = await api.request('PATCH', `/api/v1/habits/${habit.id}`, {
      token,
      body: { goalType: 'weekly', timesPerPeriod: 9 },
    });
    expect(invalid.status).toBe(400);
    expect((await api.request('GET', `/api/v1/habits/${habit.id}`, { token })).body.goalType).toBe('daily');
  });

  it('recomputes the streak when the schedule changes', async () => {
    const habit = (await create({ name: 'Stretch' })).body;
    const items = ['2026-11-17', '2026-11-19', '2026-11-21', '2026-11-24'].map((date) => ({ habitId: habit.id, date }));
    await api.request('POST', '/api/v1/completions/batch', { token, body: { items } });
    expect((await api.request('GET', `/api/v1/habits/${habit.id}`, { token })).body.streak).toEqual({
      current: 1,
      longest: 1,
      lastCompletionDate: '2026-11-24',
    });
    const custom = await api.request('PATCH', `/api/v1/habits/${habit.id}`, {
      token,
      body: { goalType: 'custom', timesPerPeriod: 1, periodDays: 3 },
    });
    expect(custom.body.streak.current).toBe(10);
    const [row] = await rows<{ current: number }>(api, 'select current from streaks where habit_id = ?', [habit.id]);
    expect(row!.current).toBe(10);
  });
});
