import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../src/bootstrap.js';
import { PASSWORD, rows, startApi, testConfig, type TestApi } from './support.js';

describe('accounts and authentication', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startApi({ config: { accessTokenTtlSeconds: 900 } });
  });
  afterAll(() => api.close());

  it('registers a user with calendar settings and returns a working access token', async () => {
    const reply = await api.request('POST', '/api/v1/auth/register', {
      body: {
        username: 'ada',
        email: 'Ada@Example.org',
        password: PASSWORD,
        timezone: 'Europe/Berlin',
        dayStartMinutes: 180,
        weekStart: 7,
      },
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
    const [stored] = await rows<{ password_hash: string }>(api, 'select password_hash from users where username = ?', [
      'ada',
    ]);
    // The suite's own cost (testConfig); the deployment test checks production's 2^15.
    expect(stored!.password_hash).toMatch(/^scrypt\$1024\$8\$3\$/);
    expect(stored!.password_hash).not.toContain(PASSWORD);
  });

  it('stores a time zone sent in any case in its one canonical spelling', async () => {
    const { token } = await api.register('zones', { timezone: 'europe/BERLIN' });
    expect((await api.request('GET', '/api/v1/me', { token })).body.timezone).toBe('Europe/Berlin');
    const changed = await api.request('PATCH', '/api/v1/me', {
      token,
      body: { timezone: 'ameriCa/ARGEntina/buenos_aires' },
    });
    expect(changed.body.timezone).toBe('America/Buenos_Aires');
    expect(await rows(api, "select timezone from users where username = 'zones'")).toEqual([
      { timezone: 'America/Buenos_Aires' },
    ]);
  });

  it('defaults the calendar to UTC, midnight and Monday', async () => {
    const { token } = await api.register('defaults');
    const me = await api.request('GET', '/api/v1/me', { token });
    expect(me.body).toMatchObject({ timezone: 'UTC', dayStartMinutes: 0, weekStart: 1 });
  });

  it('rejects invalid registrations field by field, writing nothing', async () => {
    const reply = await api.request('POST', '/api/v1/auth/register', {
      body: {
        username: 'A!',
        email: 'not-an-email',
        password: 'short',
        timezone: 'Mars/Base',
        dayStartMinutes: 1440,
        weekStart: 0,
      },
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
    expect(unknown.body.details).toEqual([{ field: 'admin', message: 'admin is not a field of this request' }]);
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
    const both = await api.request('POST', '/api/v1/auth/register', {
      body: { username: 'grace', email: 'grace@example.org', password: PASSWORD },
    });
    expect(both.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'username is taken; email is already registered',
      details: [
        { field: 'username', message: 'username is taken' },
        { field: 'email', message: 'email is already registered' },
      ],
    });
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
    const wrong = await api.request('POST', '/api/v1/auth/login', {
      body: { login: 'margaret', password: 'wrong password!' },
    });
    const unknown = await api.request('POST', '/api/v1/auth/login', {
      body: { login: 'nobody', password: 'wrong password!' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'invalid login or password' });
  });

  it('refuses requests without, with malformed or with forged tokens', async () => {
    const { token } = await api.register('barbara');
    const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    for (const authorization of [
      undefined,
      'Basic abc',
      'Bearer',
      'Bearer not.a.jwt',
      `Bearer ${forged}`,
      'Bearer sfp_unknown',
    ]) {
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
    expect(created.body).toEqual({
      id: expect.any(Number),
      name: 'home automation',
      token: expect.stringMatching(/^sfp_[\w-]{43}$/),
      scope: 'write',
      createdAt: '2026-11-24T12:00:00.000Z',
      expiresAt: '2027-11-24T12:00:00.000Z',
      lastUsedAt: null,
    });
    const personal = created.body.token as string;

    const stored = await rows<{ token_hash: string }>(api, 'select token_hash from api_tokens where id = ?', [
      created.body.id,
    ]);
    expect(stored[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored[0]!.token_hash).not.toContain(personal.slice(4));

    api.clock.set('2026-11-25T08:00:00Z');
    expect((await api.request('GET', '/api/v1/me', { token: personal })).body.username).toBe('scripter');
    api.clock.set('2026-11-24T12:00:00Z');
    const list = await api.request('GET', '/api/v1/me/tokens', { token });
    expect(list.body.items).toEqual([
      {
        id: created.body.id,
        name: 'home automation',
        scope: 'write',
        createdAt: expect.any(String),
        expiresAt: '2027-11-24T12:00:00.000Z',
        lastUsedAt: '2026-11-25T08:00:00.000Z',
      },
    ]);
    expect(JSON.stringify(list.body)).not.toContain(personal);

    expect((await api.request('DELETE', `/api/v1/me/tokens/${created.body.id}`, { token })).status).toBe(204);
    expect((await api.request('GET', '/api/v1/me', { token: personal })).status).toBe(401);
    expect((await api.request('DELETE', `/api/v1/me/tokens/${created.body.id}`, { token })).status).toBe(404);
  });

  it("cannot list or revoke another user's tokens", async () => {
    const owner = await api.register('tokenowner');
    const other = await api.register('tokenthief');
    const created = await api.request('POST', '/api/v1/me/tokens', { token: owner.token, body: { name: 'mine' } });
    expect((await api.request('GET', '/api/v1/me/tokens', { token: other.token })).body.items).toEqual([]);
    expect((await api.request('DELETE', `/api/v1/me/tokens/${created.body.id}`, { token: other.token })).status).toBe(
      404,
    );
    expect((await api.request('GET', '/api/v1/me', { token: created.body.token })).status).toBe(200);
  });

  it('updates the profile and rejects taken names, bad zones and nulls', async () => {
    const { token } = await api.register('profile');
    await api.register('takenname');
    const ok = await api.request('PATCH', '/api/v1/me', {
      token,
      body: { timezone: 'America/New_York', dayStartMinutes: 240, weekStart: 7, email: 'New@Example.org' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      username: 'profile',
      timezone: 'America/New_York',
      dayStartMinutes: 240,
      weekStart: 7,
      email: 'New@Example.org',
    });
    expect((await api.request('PATCH', '/api/v1/me', { token, body: { username: 'takenname' } })).status).toBe(409);
    expect((await api.request('PATCH', '/api/v1/me', { token, body: { email: 'TAKENNAME@example.org' } })).status).toBe(
      409,
    );
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

describe('credentials that can be changed and revoked', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startApi({ config: { accessTokenTtlSeconds: 900 } });
  });
  afterAll(() => api.close());

  const personalToken = async (token: string, body: Record<string, unknown> = {}) =>
    (await api.request('POST', '/api/v1/me/tokens', { token, body: { name: 'script', ...body } })).body.token as string;

  it('refuses passwords that are easy to guess, naming the field', async () => {
    for (const password of ['aaaaaaaaaa', '          ', 'password123', 'qwertyuiop', '1234567890', 'weakling1234']) {
      const reply = await api.request('POST', '/api/v1/auth/register', {
        body: { username: 'weakling', email: 'weak@example.org', password },
      });
      expect(reply.status).toBe(400);
      expect(reply.body.details).toEqual([
        { field: 'password', message: expect.stringContaining('too easy to guess') },
      ]);
    }
    expect(await rows(api, "select id from users where username = 'weakling'")).toEqual([]);
  });

  it('changes the password: the old one and every other session stop working, this session gets a new token', async () => {
    const { token } = await api.register('rotator');
    const other = (await api.request('POST', '/api/v1/auth/login', { body: { login: 'rotator', password: PASSWORD } }))
      .body.accessToken;
    const wrong = await api.request('POST', '/api/v1/me/password', {
      token,
      body: { currentPassword: 'not it at all', newPassword: 'a brand new passphrase' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.details).toEqual([
      { field: 'currentPassword', message: 'currentPassword is not your current password' },
    ]);
    const weak = await api.request('POST', '/api/v1/me/password', {
      token,
      body: { currentPassword: PASSWORD, newPassword: 'rotator123' },
    });
    expect(weak.status).toBe(400);
    expect(weak.body.details[0].field).toBe('newPassword');
    expect((await api.request('GET', '/api/v1/me', { token: other })).status).toBe(200);

    const changed = await api.request('POST', '/api/v1/me/password', {
      token,
      body: { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' },
    });
    expect(changed.status).toBe(200);
    expect((await api.request('GET', '/api/v1/me', { token })).status).toBe(401);
    expect((await api.request('GET', '/api/v1/me', { token: other })).status).toBe(401);
    expect((await api.request('GET', '/api/v1/me', { token: changed.body.accessToken })).status).toBe(200);
    expect(
      (await api.request('POST', '/api/v1/auth/login', { body: { login: 'rotator', password: PASSWORD } })).status,
    ).toBe(401);
    expect(
      (
        await api.request('POST', '/api/v1/auth/login', {
          body: { login: 'rotator', password: 'a brand new passphrase' },
        })
      ).status,
    ).toBe(200);
  });

  it('signs every session out on request, leaving personal tokens to be revoked one by one', async () => {
    const { token } = await api.register('everywhere');
    const personal = await personalToken(token);
    expect((await api.request('DELETE', '/api/v1/me/sessions', { token })).status).toBe(204);
    expect((await api.request('GET', '/api/v1/me', { token })).status).toBe(401);
    expect((await api.request('GET', '/api/v1/me', { token: personal })).status).toBe(200);
  });

  it('refuses an access token without an expiry or signed at an older token version', async () => {
    const { token, id } = await api.register('claims');
    const { default: jwt } = await import('jsonwebtoken');
    const secret = 'test-secret-that-is-long-enough-for-hs256';
    const iat = Math.floor(Date.parse('2026-11-24T12:00:00Z') / 1000);
    const noExpiry = jwt.sign({ sub: String(id), typ: 'access', iat, ver: 0 }, secret, { algorithm: 'HS256' });
    const valid = jwt.sign({ sub: String(id), typ: 'access', iat, ver: 0, exp: iat + 600 }, secret, {
      algorithm: 'HS256',
    });
    expect((await api.request('GET', '/api/v1/me', { token: valid })).status).toBe(200);
    expect((await api.request('GET', '/api/v1/me', { token: noExpiry })).status).toBe(401);
    await api.request('DELETE', '/api/v1/me/sessions', { token });
    expect((await api.request('GET', '/api/v1/me', { token: valid })).status).toBe(401);
  });

  it('lets no personal token manage the account', async () => {
    const { token, id } = await api.register('manager');
    const personal = await personalToken(token);
    const attempts: [string, string, unknown?][] = [
      ['GET', '/api/v1/me/tokens'],
      ['POST', '/api/v1/me/tokens', { name: 'more' }],
      ['DELETE', '/api/v1/me/tokens/1'],
      ['PATCH', '/api/v1/me', { email: 'thief@example.org' }],
      ['DELETE', '/api/v1/me'],
      ['POST', '/api/v1/me/password', { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' }],
      ['DELETE', '/api/v1/me/sessions'],
    ];
    for (const [method, url, body] of attempts) {
      const reply = await api.request(method, url, { token: personal, ...(body ? { body } : {}) });
      expect([method, url, reply.status]).toEqual([method, url, 403]);
    }
    expect(await rows(api, 'select email from users where id = ?', [id])).toEqual([{ email: 'manager@example.org' }]);
    expect(await rows(api, 'select count(*) as n from api_tokens where user_id = ?', [id])).toEqual([{ n: 1 }]);
    expect((await api.request('POST', '/api/v1/habits', { token: personal, body: { name: 'scripted' } })).status).toBe(
      201,
    );
  });

  it('keeps a read-only personal token to reads', async () => {
    const { token, id } = await api.register('reader');
    const reader = await personalToken(token, { scope: 'read' });
    expect((await api.request('GET', '/api/v1/habits', { token: reader })).status).toBe(200);
    expect((await api.request('GET', '/api/v1/export', { token: reader })).status).toBe(200);
    const write = await api.request('POST', '/api/v1/habits', { token: reader, body: { name: 'nope' } });
    expect(write.status).toBe(403);
    expect(write.body.message).toBe('this personal token is read-only');
    expect(await rows(api, 'select id from habits where user_id = ?', [id])).toEqual([]);
  });

  it('expires personal tokens after the days asked for', async () => {
    const { token } = await api.register('shortlived');
    const personal = await personalToken(token, { expiresInDays: 1 });
    api.clock.set('2026-11-25T11:59:00Z');
    expect((await api.request('GET', '/api/v1/habits', { token: personal })).status).toBe(200);
    api.clock.set('2026-11-25T12:00:00Z');
    expect((await api.request('GET', '/api/v1/habits', { token: personal })).status).toBe(401);
    api.clock.set('2026-11-24T12:00:00Z');
    for (const expiresInDays of [0, 3651, 1.5, null]) {
      expect(
        (await api.request('POST', '/api/v1/me/tokens', { token, body: { name: 'x', expiresInDays } })).status,
      ).toBe(400);
    }
    expect(
      (await api.request('POST', '/api/v1/me/tokens', { token, body: { name: 'x', scope: 'admin' } })).status,
    ).toBe(400);
  });

  it('holds at most 100 personal tokens per account', async () => {
    const { token, id } = await api.register('collector');
    for (let i = 0; i < 100; i++)
      expect((await api.request('POST', '/api/v1/me/tokens', { token, body: { name: `t${i}` } })).status).toBe(201);
    const over = await api.request('POST', '/api/v1/me/tokens', { token, body: { name: 'one too many' } });
    expect(over.status).toBe(422);
    expect(over.body.details[0].message).toContain('at most 100 personal tokens');
    expect(await rows(api, 'select count(*) as n from api_tokens where user_id = ?', [id])).toEqual([{ n: 100 }]);
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
      statuses.push(
        (await api.request('POST', '/api/v1/auth/login', { body: { login: 'nobody', password: 'whatever123' } }))
          .status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    for (const name of ['first', 'second', 'third']) await api.register(name);
    const limited = await api.request('POST', '/api/v1/auth/register', {
      body: { username: 'late', email: 'late@example.org', password: PASSWORD },
    });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: 'too many attempts from your address; try again in 60 s',
    });
    expect(limited.headers['retry-after']).toBe('60');
    expect(await rows(api, "select id from users where username = 'late'")).toEqual([]);
  });
});

describe('rate limits behind a reverse proxy and across API processes', () => {
  const login = (app: TestApi | NestFastifyApplication, forwardedFor?: string) => {
    const headers = {
      'content-type': 'application/json',
      ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
    };
    const payload = JSON.stringify({ login: 'nobody', password: 'whatever123' });
    if ('request' in app)
      return app.request('POST', '/api/v1/auth/login', { raw: payload, headers }).then((reply) => reply.status);
    return app
      .inject({ method: 'POST', url: '/api/v1/auth/login', headers, payload })
      .then((reply) => reply.statusCode);
  };

  it('keys on the client address the trusted proxy forwards', async () => {
    const api = await startApi({ config: { authRateLimitPerMinute: 3, trustProxy: ['loopback'] } });
    try {
      const first = [];
      for (let i = 0; i < 4; i++) first.push(await login(api, '203.0.113.7'));
      expect(first).toEqual([401, 401, 401, 429]);
      expect(await login(api, '203.0.113.8')).toBe(401);
    } finally {
      await api.close();
    }
  });

  it('ignores X-Forwarded-For from a client when no proxy is trusted', async () => {
    const api = await startApi({ config: { authRateLimitPerMinute: 3 } });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push(await login(api, `198.51.100.${i}`));
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await api.close();
    }
  });

  it('shares the counts between API processes on one database', async () => {
    const api = await startApi({ config: { authRateLimitPerMinute: 3 } });
    const replica = await createApp(testConfig(api.database.options, { authRateLimitPerMinute: 3 }), api.clock);
    await replica.init();
    try {
      expect([await login(api), await login(replica), await login(api)]).toEqual([401, 401, 401]);
      expect(await login(replica)).toBe(429);
    } finally {
      await replica.close();
      await api.close();
    }
  });

  it('limits profile changes, which would otherwise tell taken emails apart', async () => {
    const api = await startApi({ config: { authRateLimitPerMinute: 3 } });
    try {
      const { token } = await api.register('prober');
      const statuses = [];
      for (let i = 0; i < 4; i++)
        statuses.push(
          (await api.request('PATCH', '/api/v1/me', { token, body: { email: `probe${i}@example.org` } })).status,
        );
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(await rows(api, "select email from users where username = 'prober'")).toEqual([
        { email: 'probe2@example.org' },
      ]);
    } finally {
      await api.close();
    }
  });
});
