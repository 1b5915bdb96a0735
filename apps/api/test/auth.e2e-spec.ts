import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PASSWORD, rows, startApi, type TestApi } from './support.js';

describe('accounts and authentication', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startApi({ config: { accessTokenTtlSeconds: 900 } });
  });
  afterAll(() => api.close());

  it('registers a user with calendar settings and returns a working access token', async () => {
    const reply = await api.request('POST', '/api/v1/auth/register', {
      body: { username: 'ada', email: 'Ada@Example.org', password: PASSWORD, timezone: 'Europe/Berlin', dayStartMinutes: 180, weekStart: 7 },
    });
    expect(reply.status).toBe(201);
    expect(reply.body.user).toEqual({
      id: expect.any(Number),
      username: 'ada',
      email: 'Ada@Example.org',
      timezone: 'Europe/Berlin',
      dayStartMinutes: 180,
      weekStart: 7,
      createdAt: '2026-11-24T12:00:00.000Z',
    });
    expect(reply.body.user).not.toHaveProperty('passwordHash');
    const me = await api.request('GET', '/api/v1/me', { token: reply.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.username).toBe('ada');
    const [stored] = await rows<{ password_hash: string }>(api, 'select password_hash from users where username = ?', ['ada']);
    expect(stored!.password_hash).toMatch(/^scrypt\$32768\$8\$3\$/);
    expect(stored!.password_hash).not.toContain(PASSWORD);
  });

  it('defaults the calendar to UTC, midnight and Monday', async () => {
    const { token } = await api.register('defaults');
    const me = await api.request('GET', '/api/v1/me', { token });
    expect(me.body).toMatchObject({ timezone: 'UTC', dayStartMinutes: 0, weekStart: 1 });
  });

  it('rejects invalid registrations field by field, writing nothing', async () => {
    const reply = await api.request('POST', '/api/v1/auth/register', {
      body: { username: 'A!', email: 'not-an-email', password: 'short', timezone: 'Mars/Base', dayStartMinutes: 1440, weekStart: 0 },
    });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(reply.body.details.map((d: { field: string }) => d.field).sort()).toEqual(
      ['dayStartMinutes', 'email', 'password', 'timezone', 'username', 'weekStart'].sort(),
    );
    expect(await rows(api, "select id from users where email = 'not-an-email'")).toEqual([]);
  });

  it('rejects unknown fields and missing ones', async () => {
    const unknown = await api.request('POST', '/api/v1/auth/register', {
      body: { username: 'eve', email: 'eve@example.org', password: PASSWORD, admin: true },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details).toEqual([{ field: 'admin', message: 'property admin should not exist' }]);
    const missing = await api.request('POST', '/api/v1/auth/register', { body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.details.map((d: { field: string }) => d.field)).toEqual(['username', 'email', 'password']);
  });

  it('answers 409 for a taken username or an email differing only in case', async () => {
    await api.register('grace');
    const sameName = await api.request('POST', '/api/v1/auth/register', {
      body: { username: 'grace', email: 'other@example.org', password: PASSWORD },
    });
    expect(sameName.status).toBe(409);
    expect(sameName.body.details).toEqual([{ field: 'username', message: 'username is taken' }]);
    const sameEmail = await api.request('POST', '/api/v1/auth/register', {
      body: { username: 'grace2', email: 'GRACE@example.org', password: PASSWORD },
    });
    expect(sameEmail.status).toBe(409);
    expect(sameEmail.body.details).toEqual([{ field: 'email', message: 'email is already registered' }]);
  });

  it('answers 409, not 500, when two registrations race for one username', async () => {
    const attempt = (email: string) =>
      api.request('POST', '/api/v1/auth/register', { body: { username: 'racer', email, password: PASSWORD } });
    const replies = await Promise.all([attempt('racer1@example.org'), attempt('racer2@example.org')]);
    expect(replies.map((reply) => reply.status).sort()).toEqual([201, 409]);
    expect(replies.find((reply) => reply.status === 409)!.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    expect(await rows(api, "select id from users where username = 'racer'")).toHaveLength(1);
  });

  it('does not treat LIKE wildcards in an email as patterns', async () => {
    await api.register('under_score', { email: 'a_b@example.org' });
    const lookalike = await api.request('POST', '/api/v1/auth/register', {
      body: { username: 'lookalike', email: 'axb@example.org', password: PASSWORD },
    });
    expect(lookalike.status).toBe(201);
  });

  it('logs in by username or by email in any case', async () => {
    await api.register('linus');
    for (const login of ['linus', 'LINUS', 'linus@example.org', 'Linus@Example.ORG']) {
      const reply = await api.request('POST', '/api/v1/auth/login', { body: { login, password: PASSWORD } });
      expect(reply.status).toBe(200);
      expect(reply.body.user.username).toBe('linus');
      expect(reply.body.expiresIn).toBe(900);
    }
  });

  it('gives the same 401 for a wrong password and an unknown account', async () => {
    await api.register('margaret');
    const wrong = await api.request('POST', '/api/v1/auth/login', { body: { login: 'margaret', password: 'wrong password!' } });
    const unknown = await api.request('POST', '/api/v1/auth/login', { body: { login: 'nobody', password: 'wrong password!' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'invalid login or password' });
  });

  it('refuses requests without, with malformed or with forged tokens', async () => {
    const { token } = await api.register('barbara');
    const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    for (const authorization of [undefined, 'Basic abc', 'Bearer', 'Bearer not.a.jwt', `Bearer ${forged}`, 'Bearer sfp_unknown']) {
      const reply = await api.request('GET', '/api/v1/me', { headers: authorization ? { authorization } : {} });
      expect(reply.status).toBe(401);
      expect(reply.body.statusCode).toBe(401);
    }
  });

  it('expires access tokens after their lifetime', async () => {
    const { token } = await api.register('expiring');
    api.clock.set('2026-11-24T12:14:00Z');
    expect((await api.request('GET', '/api/v1/me', { token })).status).toBe(200);
    api.clock.set('2026-11-24T12:15:01Z');
    expect((await api.request('GET', '/api/v1/me', { token })).status).toBe(401);
    api.clock.set('2026-11-24T12:00:00Z');
  });

  it('issues personal tokens shown once, stored hashed, usable until revoked', async () => {
    const { token } = await api.register('scripter');
    const created = await api.request('POST', '/api/v1/me/tokens', { token, body: { name: '  home automation ' } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(Number), name: 'home automation', token: expect.stringMatching(/^sfp_[\w-]{43}$/), createdAt: expect.any(String), lastUsedAt: null });
    const personal = created.body.token as string;

    const stored = await rows<{ token_hash: string }>(api, 'select token_hash from api_tokens where id = ?', [created.body.id]);
    expect(stored[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored[0]!.token_hash).not.toContain(personal.slice(4));

    api.clock.set('2026-11-25T08:00:00Z');
    expect((await api.request('GET', '/api/v1/me', { token: personal })).body.username).toBe('scripter');
    const list = await api.request('GET', '/api/v1/me/tokens', { token: personal });
    expect(list.body.items).toEqual([{ id: created.body.id, name: 'home automation', createdAt: expect.any(String), lastUsedAt: '2026-11-25T08:00:00.000Z' }]);
    expect(JSON.stringify(list.body)).not.toContain(personal);

    api.clock.set('2026-11-24T12:00:00Z');
    expect((await api.request('DELETE', `/api/v1/me/tokens/${created.body.id}`, { token })).status).toBe(204);
    expect((await api.request('GET', '/api/v1/me', { token: personal })).status).toBe(401);
    expect((await api.request('DELETE', `/api/v1/me/tokens/${created.body.id}`, { token })).status).toBe(404);
  });

  it("cannot list or revoke another user's tokens", async () => {
    const owner = await api.register('tokenowner');
    const other = await api.register('tokenthief');
    const created = await api.request('POST', '/api/v1/me/tokens', { token: owner.token, body: { name: 'mine' } });
    expect((await api.request('GET', '/api/v1/me/tokens', { token: other.token })).body.items).toEqual([]);
    expect((await api.request('DELETE', `/api/v1/me/tokens/${created.body.id}`, { token: other.token })).status).toBe(404);
    expect((await api.request('GET', '/api/v1/me', { token: created.body.token })).status).toBe(200);
  });

  it('updates the profile and rejects taken names, bad zones and nulls', async () => {
    const { token } = await api.register('profile');
    await api.register('takenname');
    const ok = await api.request('PATCH', '/api/v1/me', { token, body: { timezone: 'America/New_York', dayStartMinutes: 240, weekStart: 7, email: 'New@Example.org' } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ username: 'profile', timezone: 'America/New_York', dayStartMinutes: 240, weekStart: 7, email: 'New@Example.org' });
    expect((await api.request('PATCH', '/api/v1/me', { token, body: { username: 'takenname' } })).status).toBe(409);
    expect((await api.request('PATCH', '/api/v1/me', { token, body: { email: 'TAKENNAME@example.org' } })).status).toBe(409);
    const bad = await api.request('PATCH', '/api/v1/me', { token, body: { timezone: 'Nowhere/City', username: null } });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['timezone', 'username']);
    expect((await api.request('GET', '/api/v1/me', { token })).body.timezone).toBe('America/New_York');
  });

  it('deletes the account with everything in it', async () => {
    const { token, id } = await api.register('leaving');
    const habit = await api.request('POST', '/api/v1/habits', { token, body: { name: 'Walk' } });
    await api.request('POST', `/api/v1/habits/${habit.body.id}/completions`, { token, body: {} });
    await api.request('POST', '/api/v1/me/tokens', { token, body: { name: 'x' } });
    expect((await api.request('DELETE', '/api/v1/me', { token })).status).toBe(204);
    expect((await api.request('GET', '/api/v1/me', { token })).status).toBe(401);
    for (const table of ['habits', 'api_tokens']) {
      expect(await rows(api, `select * from ${table} where user_id = ?`, [id])).toEqual([]);
    }
    expect(await rows(api, 'select * from habit_completions where habit_id = ?', [habit.body.id])).toEqual([]);
    expect(await rows(api, 'select * from streaks where habit_id = ?', [habit.body.id])).toEqual([]);
  });
});

describe('rate limiting', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startApi({ config: { authRateLimitPerMinute: 3 } });
  });
  afterAll(() => api.close());

  it('answers 429 once the per-minute login attempts are used up, and counts registrations apart', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await api.request('POST', '/api/v1/auth/login', { body: { login: 'nobody', password: 'whatever123' } })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    for (const name of ['first', 'second', 'third']) await api.register(name);
    const limited = await api.request('POST', '/api/v1/auth/register', { body: { username: 'late', email: 'late@example.org', password: PASSWORD } });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expect(await rows(api, "select id from users where username = 'late'")).toEqual([]);
  });
});
