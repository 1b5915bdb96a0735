import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rows, startApi, type TestApi } from './support.js';

const document = (habits: Record<string, unknown>[]) => ({
  format: 'streakforge.v1',
  profile: {},
  habits: habits.map((habit) => ({ completions: [], ...habit })),
});

describe('account limits', () => {
  let api: TestApi;
  let token: string;
  let userId: number;

  beforeAll(async () => {
    api = await startApi();
    ({ token, id: userId } = await api.register('hoarder'));
  });
  afterAll(() => api.close());

  const habitCount = async () =>
    (await rows<{ n: number }>(api, 'select count(*) as n from habits where user_id = ?', [userId]))[0]!.n;

  it("stores an imported profile's time zone, sent in any case, in its canonical spelling", async () => {
    const reply = await api.request('POST', '/api/v1/import', {
      token,
      body: { ...document([]), profile: { timezone: 'europe/BERLIN' } },
    });
    expect(reply.status).toBe(200);
    expect(await rows(api, 'select timezone from users where id = ?', [userId])).toEqual([
      { timezone: 'Europe/Berlin' },
    ]);
  });

  it('refuses an import creation date before 1900, like every other date', async () => {
    const reply = await api.request('POST', '/api/v1/import', {
      token,
      body: document([{ name: 'ancient', createdAt: '1000-01-01T00:00:00.000Z' }]),
    });
    expect(reply.status).toBe(400);
    expect(reply.body.details).toEqual([
      { field: 'habits.0.createdAt', message: 'createdAt must be on or after 1900-01-01' },
    ]);
    expect(await habitCount()).toBe(0);
  });

  it('refuses an import that would leave more than 200 categories, writing none of it', async () => {
    const habits = Array.from({ length: 201 }, (_, i) => ({ name: `habit ${i}`, category: `category ${i}` }));
    const reply = await api.request('POST', '/api/v1/import', { token, body: document(habits) });
    expect(reply.status).toBe(422);
    expect(reply.body.details).toEqual([
      { field: 'category', message: 'an account uses at most 200 categories (this would make 201)' },
    ]);
    expect(await habitCount()).toBe(0);
  });

  it('holds at most 2,000 habits, however they arrive', async () => {
    const over = await api.request('POST', '/api/v1/import', {
      token,
      body: document(Array.from({ length: 2001 }, (_, i) => ({ name: `habit ${i}` }))),
    });
    expect(over.status).toBe(422);
    expect(over.body.details[0]).toEqual({
      field: 'habits',
      message: 'an account holds at most 2000 habits (this would make 2001)',
    });
    expect(await habitCount()).toBe(0);

    const full = await api.request('POST', '/api/v1/import', {
      token,
      body: document(Array.from({ length: 2000 }, (_, i) => ({ name: `habit ${i}`, category: `c${i % 200}` }))),
    });
    expect(full.status).toBe(200);
    const one = await api.request('POST', '/api/v1/habits', { token, body: { name: 'one more' } });
    expect(one.status).toBe(422);
    expect(await habitCount()).toBe(2000);

    const [first] = await rows<{ id: number }>(api, 'select id from habits where user_id = ? order by id limit 1', [
      userId,
    ]);
    const recategorized = await api.request('PATCH', `/api/v1/habits/${first!.id}`, {
      token,
      body: { category: 'brand new' },
    });
    expect(recategorized.status).toBe(422);
    expect(await rows(api, 'select category from habits where id = ?', [first!.id])).toEqual([{ category: 'c0' }]);
  }, 60_000);
});
