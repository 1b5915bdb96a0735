import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PASSWORD, rows, startApi, type TestApi } from './support.js';

const COOKIE = 'streakforge_session';

/** The session cookie a response sets, with its attributes, or null when it clears or sets none. */
function setCookie(headers: Record<string, unknown>): { value: string; attributes: string } | null {
  const header = ([] as string[]).concat((headers['set-cookie'] as string | string[] | undefined) ?? []);
  const ours = header.find((line) => line.startsWith(`${COOKIE}=`));
  if (!ours) return null;
  const [pair, ...attributes] = ours.split(';');
  return { value: pair!.slice(COOKIE.length + 1), attributes: attributes.join(';').trim() };
}

/**
 * The web app's sign-in: a rotating refresh secret in an httpOnly cookie buys access tokens, so page scripts never
 * hold a long-lived secret; each browser is listed and revocable.
 */
describe('browser sessions', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  const withCookie = (value: string) => ({ headers: { cookie: `${COOKIE}=${value}` } });
  async function signInBrowser(username: string, userAgent = 'Test Browser/1.0') {
    const { token, id } = await api.register(username);
    const started = await api.request('POST', '/api/v1/me/browser-sessions', {
      token,
      headers: { 'user-agent': userAgent },
    });
    expect(started.status).toBe(201);
    return { token, id, cookie: setCookie(started.headers)!, session: started.body };
  }

  it('sets an httpOnly, SameSite=Strict cookie on the API path only, and stores only hashes', async () => {
    const { cookie, session, id } = await signInBrowser('cookies');
    expect(cookie.attributes).toMatch(/HttpOnly/);
    expect(cookie.attributes).toMatch(/SameSite=Strict/);
    expect(cookie.attributes).toMatch(/Path=\/api\/v1(;|$)/);
    expect(cookie.attributes).toMatch(/Max-Age=2592000/);
    expect(cookie.attributes).not.toMatch(/Secure/);
    expect(session).toMatchObject({ userAgent: 'Test Browser/1.0', current: true });
    const secret = cookie.value.split('.')[1]!;
    const stored = await rows<{ secret_hash: string }>(
      api,
      'select secret_hash from browser_sessions where user_id = ?',
      [id],
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]!.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(secret);
  });

  it('marks the cookie Secure when the request came over HTTPS through a trusted proxy', async () => {
    const proxied = await startApi({ config: { trustProxy: ['127.0.0.1'] } });
    try {
      const { token } = await proxied.register('secure');
      const started = await proxied.request('POST', '/api/v1/me/browser-sessions', {
        token,
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(setCookie(started.headers)!.attributes).toMatch(/Secure/);
    } finally {
      await proxied.close();
    }
  });

  it('refreshes into a working access token and a new cookie; the old one works only for a grace moment', async () => {
    const { cookie } = await signInBrowser('rotating');
    const first = await api.request('POST', '/api/v1/auth/refresh', withCookie(cookie.value));
    expect(first.status).toBe(200);
    expect(first.body.user.username).toBe('rotating');
    const me = await api.request('GET', '/api/v1/me', { token: first.body.accessToken });
    expect(me.status).toBe(200);
    const next = setCookie(first.headers)!;
    expect(next.value).not.toBe(cookie.value);

    // A second tab that sent the old cookie at the same moment still gets a token, and changes no cookie.
    const sameMoment = await api.request('POST', '/api/v1/auth/refresh', withCookie(cookie.value));
    expect(sameMoment.status).toBe(200);
    expect(setCookie(sameMoment.headers)).toBeNull();

    // Later, the old cookie is a copy: refused, and the session ends for the new cookie too.
    api.clock.set(new Date(api.clock.now().getTime() + 60_000).toISOString());
    const replayed = await api.request('POST', '/api/v1/auth/refresh', withCookie(cookie.value));
    expect(replayed.status).toBe(401);
    expect(replayed.body.message).toMatch(/not signed in/);
    expect(setCookie(replayed.headers)!.value).toBe('');
    expect((await api.request('POST', '/api/v1/auth/refresh', withCookie(next.value))).status).toBe(401);
  });

  it('refuses missing, malformed and unknown cookies with 401, and expires after 30 idle days', async () => {
    expect((await api.request('POST', '/api/v1/auth/refresh')).status).toBe(401);
    for (const value of ['garbage', '1.short', `999999.${'a'.repeat(43)}`]) {
      expect((await api.request('POST', '/api/v1/auth/refresh', withCookie(value))).status).toBe(401);
    }
    const { cookie } = await signInBrowser('idle');
    api.clock.set(new Date(api.clock.now().getTime() + 29 * 86_400_000).toISOString());
    const kept = await api.request('POST', '/api/v1/auth/refresh', withCookie(cookie.value));
    expect(kept.status).toBe(200);
    api.clock.set(new Date(api.clock.now().getTime() + 31 * 86_400_000).toISOString());
    const lapsed = await api.request('POST', '/api/v1/auth/refresh', withCookie(setCookie(kept.headers)!.value));
    expect(lapsed.status).toBe(401);
  });

  it('lists the browsers with the one asking marked, and signs one out', async () => {
    const { token, cookie } = await signInBrowser('listing', 'Phone');
    const other = await api.request('POST', '/api/v1/me/browser-sessions', {
      token,
      headers: { 'user-agent': 'Laptop' },
    });
    const listed = await api.request('GET', '/api/v1/me/browser-sessions', { token, ...withCookie(cookie.value) });
    expect(listed.status).toBe(200);
    expect(
      listed.body.items.map((item: { userAgent: string; current: boolean }) => [item.userAgent, item.current]),
    ).toEqual(
      expect.arrayContaining([
        ['Phone', true],
        ['Laptop', false],
      ]),
    );
    expect((await api.request('DELETE', `/api/v1/me/browser-sessions/${other.body.id}`, { token })).status).toBe(204);
    expect(
      (await api.request('POST', '/api/v1/auth/refresh', withCookie(setCookie(other.headers)!.value))).status,
    ).toBe(401);
    expect((await api.request('POST', '/api/v1/auth/refresh', withCookie(cookie.value))).status).toBe(200);
    // Not yours looks like not there.
    const stranger = await api.register('stranger');
    expect(
      (await api.request('DELETE', `/api/v1/me/browser-sessions/${other.body.id}`, { token: stranger.token })).status,
    ).toBe(404);
  });

  it('signs the browser out, and everywhere; a password change keeps only this browser', async () => {
    const { token, cookie } = await signInBrowser('leaving');
    const out = await api.request('POST', '/api/v1/auth/sign-out', withCookie(cookie.value));
    expect(out.status).toBe(204);
    expect(setCookie(out.headers)!.value).toBe('');
    expect((await api.request('POST', '/api/v1/auth/refresh', withCookie(cookie.value))).status).toBe(401);
    expect((await api.request('POST', '/api/v1/auth/sign-out')).status).toBe(204);

    const a = setCookie((await api.request('POST', '/api/v1/me/browser-sessions', { token })).headers)!;
    const b = setCookie((await api.request('POST', '/api/v1/me/browser-sessions', { token })).headers)!;
    const changed = await api.request('POST', '/api/v1/me/password', {
      token,
      body: { currentPassword: PASSWORD, newPassword: 'a new password for the browser test' },
      ...withCookie(a.value),
    });
    expect(changed.status).toBe(200);
    expect((await api.request('POST', '/api/v1/auth/refresh', withCookie(b.value))).status).toBe(401);
    const kept = await api.request('POST', '/api/v1/auth/refresh', withCookie(a.value));
    expect(kept.status).toBe(200);

    expect((await api.request('DELETE', '/api/v1/me/sessions', { token: kept.body.accessToken })).status).toBe(204);
    expect((await api.request('POST', '/api/v1/auth/refresh', withCookie(setCookie(kept.headers)!.value))).status).toBe(
      401,
    );
  });

  it('refuses personal tokens on the session routes', async () => {
    const { token } = await api.register('scripted');
    const personal = await api.request('POST', '/api/v1/me/tokens', { token, body: { name: 'script' } });
    for (const [method, url] of [
      ['POST', '/api/v1/me/browser-sessions'],
      ['GET', '/api/v1/me/browser-sessions'],
    ] as const) {
      expect((await api.request(method, url, { token: personal.body.token })).status).toBe(403);
    }
  });
});
