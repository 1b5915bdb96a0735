/**
 * A client as a third-party developer writes one: types generated from `/docs-json` by openapi-typescript, requests
 * by openapi-fetch, no hand-written types. It type-checks (optional fields stay optional) and takes every route
 * once against a real server: `node tour.ts <base url>`. It exits non-zero at the first answer it did not expect.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './generated/schema.js';

const base = process.argv[2];
if (!base) throw new Error('usage: node tour.ts <base url>');

let token = '';
const bearer: Middleware = {
  onRequest({ request }) {
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
};
const client = createClient<paths>({ baseUrl: base });
client.use(bearer);

const visited = new Set<string>();

/** The data of an answer with the expected status; anything else ends the tour. */
function expectStatus<T>(route: string, reply: { data?: T; error?: unknown; response: Response }, status: number): T {
  visited.add(route);
  if (reply.response.status !== status)
    throw new Error(`${route}: ${reply.response.status} ${JSON.stringify(reply.error)}, expected ${status}`);
  return reply.data as T;
}

expectStatus('GET /health/live', await client.GET('/health/live'), 200);
expectStatus('GET /health/ready', await client.GET('/health/ready'), 200);

const password = 'a tour of every route';
const registered = expectStatus(
  'POST /auth/register',
  await client.POST('/api/v1/auth/register', {
    body: { username: 'tourist', email: 'tourist@example.org', password },
  }),
  201,
);
token = registered.accessToken;
const session = expectStatus(
  'POST /auth/login',
  await client.POST('/api/v1/auth/login', { body: { login: 'tourist', password } }),
  200,
);
token = session.accessToken;

const me = expectStatus('GET /me', await client.GET('/api/v1/me'), 200);
expectStatus('PATCH /me', await client.PATCH('/api/v1/me', { body: { weekStart: me.weekStart === 7 ? 1 : 7 } }), 200);

const read = expectStatus('POST /habits', await client.POST('/api/v1/habits', { body: { name: 'Read' } }), 201);
const water = expectStatus(
  'POST /habits',
  await client.POST('/api/v1/habits', { body: { name: 'Water', type: 'numeric', targetValue: 2, unit: 'L' } }),
  201,
);
const habit = { params: { path: { id: read.id } } };
const numeric = { params: { path: { id: water.id } } };
expectStatus('GET /habits', await client.GET('/api/v1/habits'), 200);
expectStatus('GET /habits/{id}', await client.GET('/api/v1/habits/{id}', habit), 200);
expectStatus(
  'PATCH /habits/{id}',
  await client.PATCH('/api/v1/habits/{id}', { ...habit, body: { archived: true } }),
  200,
);
await client.PATCH('/api/v1/habits/{id}', { ...habit, body: { archived: false } });

const today = expectStatus(
  'POST /habits/{id}/completions',
  await client.POST('/api/v1/habits/{id}/completions', { ...habit, body: {} }),
  201,
).date;
const day = (id: number, date: string) => ({ params: { path: { id, date } } });
const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
expectStatus(
  'PUT /habits/{id}/completions/{date}',
  await client.PUT('/api/v1/habits/{id}/completions/{date}', {
    ...day(read.id, yesterday),
    body: { status: 'skipped', notes: 'travel' },
  }),
  201,
);
expectStatus(
  'POST /habits/{id}/completions/{date}/increment',
  await client.POST('/api/v1/habits/{id}/completions/{date}/increment', { ...day(water.id, today), body: {} }),
  200,
);
expectStatus('GET /habits/{id}/completions', await client.GET('/api/v1/habits/{id}/completions', habit), 200);
expectStatus(
  'GET /habits/{id}/completions/{date}',
  await client.GET('/api/v1/habits/{id}/completions/{date}', day(read.id, today)),
  200,
);
const main = expectStatus('GET /completions', await client.GET('/api/v1/completions'), 200);
if (main.items.length !== 2) throw new Error(`GET /completions: ${main.items.length} habits, expected 2`);
expectStatus(
  'DELETE /habits/{id}/completions/{date}',
  await client.DELETE('/api/v1/habits/{id}/completions/{date}', day(read.id, yesterday)),
  204,
);
expectStatus(
  'POST /completions/batch',
  await client.POST('/api/v1/completions/batch', {
    body: {
      items: [
        { habitId: read.id, date: yesterday },
        { habitId: water.id, date: yesterday, value: 1.5 },
      ],
    },
  }),
  200,
);

expectStatus('GET /habits/{id}/streaks', await client.GET('/api/v1/habits/{id}/streaks', habit), 200);
expectStatus('GET /habits/{id}/scores', await client.GET('/api/v1/habits/{id}/scores', numeric), 200);
expectStatus('GET /habits/{id}/stats', await client.GET('/api/v1/habits/{id}/stats', habit), 200);
expectStatus('GET /analytics/summary', await client.GET('/api/v1/analytics/summary'), 200);
expectStatus(
  'GET /analytics/heatmap',
  await client.GET('/api/v1/analytics/heatmap', { params: { query: { from: yesterday, to: today } } }),
  200,
);

const created = expectStatus(
  'POST /me/tokens',
  await client.POST('/api/v1/me/tokens', { body: { name: 'tour' } }),
  201,
);
expectStatus('GET /me/tokens', await client.GET('/api/v1/me/tokens'), 200);
expectStatus(
  'DELETE /me/tokens/{id}',
  await client.DELETE('/api/v1/me/tokens/{id}', { params: { path: { id: created.id } } }),
  204,
);

const exported = expectStatus('GET /export', await client.GET('/api/v1/export'), 200);
expectStatus('POST /import', await client.POST('/api/v1/import', { body: exported }), 200);
const zip = expectStatus(
  'GET /export/loop',
  await client.GET('/api/v1/export/loop', { parseAs: 'arrayBuffer' }),
  200,
) as unknown as ArrayBuffer;
expectStatus(
  'POST /import/loop',
  await client.POST('/api/v1/import/loop', {
    body: { file: '' },
    bodySerializer: () => {
      const form = new FormData();
      form.append('file', new Blob([zip], { type: 'application/zip' }), 'loop.zip');
      return form;
    },
  }),
  200,
);

/** The session cookie an answer sets, as a browser would send it back. */
const cookieOf = (response: Response) => response.headers.get('set-cookie')!.split(';')[0]!;
const browser = await client.POST('/api/v1/me/browser-sessions');
const browserSession = expectStatus('POST /me/browser-sessions', browser, 201);
const other = expectStatus('POST /me/browser-sessions', await client.POST('/api/v1/me/browser-sessions'), 201);
expectStatus(
  'GET /me/browser-sessions',
  await client.GET('/api/v1/me/browser-sessions', { headers: { cookie: cookieOf(browser.response) } }),
  200,
);
const refreshed = await client.POST('/api/v1/auth/refresh', { headers: { cookie: cookieOf(browser.response) } });
expectStatus('POST /auth/refresh', refreshed, 200);
expectStatus(
  'DELETE /me/browser-sessions/{id}',
  await client.DELETE('/api/v1/me/browser-sessions/{id}', { params: { path: { id: other.id } } }),
  204,
);
expectStatus(
  'POST /auth/sign-out',
  await client.POST('/api/v1/auth/sign-out', { headers: { cookie: cookieOf(refreshed.response) } }),
  204,
);
expectStatus(
  'DELETE /me/browser-sessions/{id}',
  await client.DELETE('/api/v1/me/browser-sessions/{id}', { params: { path: { id: browserSession.id } } }),
  404,
);

const changed = expectStatus(
  'POST /me/password',
  await client.POST('/api/v1/me/password', {
    body: { currentPassword: password, newPassword: 'another tour of every route' },
  }),
  200,
);
token = changed.accessToken;
expectStatus('DELETE /habits/{id}', await client.DELETE('/api/v1/habits/{id}', numeric), 204);
expectStatus('DELETE /me/sessions', await client.DELETE('/api/v1/me/sessions'), 204);
token = expectStatus(
  'POST /auth/login',
  await client.POST('/api/v1/auth/login', { body: { login: 'tourist', password: 'another tour of every route' } }),
  200,
).accessToken;
expectStatus('DELETE /me', await client.DELETE('/api/v1/me'), 204);

console.log(`tour complete: ${visited.size} routes`);
