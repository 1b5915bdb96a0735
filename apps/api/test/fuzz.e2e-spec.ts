import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PASSWORD, rows, startApi, testConfig, type Reply, type TestApi } from './support.js';

/**
 * A hostile pass over every route the OpenAPI document lists: bad tokens, bad path parameters, bad query values,
 * malformed and hostile bodies. Nothing may answer 5xx, a refused request may not change a single row (counted by
 * SQLite's total_changes() on the API's own connection, a digest of every table on PostgreSQL), another user's data never moves, and the server stays
 * healthy afterwards.
 */

interface Operation {
  method: string;
  path: string;
  secured: boolean;
  pathParams: string[];
  queryParams: string[];
  bodyFields: string[];
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        security?: unknown[];
        parameters?: { in: string; name: string }[];
        requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
      }
    >
  >;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
}

const nested = (depth: number): unknown => (depth === 0 ? 'deep' : { a: nested(depth - 1) });

const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  2 ** 53 + 1,
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x'.repeat(70_000),
  "'; drop table users; --",
  '" or 1=1 --',
  '0001-01-01',
  '2026-02-30',
  '9999-12-31',
  '+275760-09-13',
  '2026-11-24T00:00:00Z',
  'NaN',
  '-Infinity',
  '1e400',
  [],
  [1, 'two', null],
  {},
  { $gt: '' },
  nested(12),
];

const RAW_BODIES = [
  '{',
  '{"name": "x",',
  '[',
  'null',
  '"text"',
  '42',
  '{"__proto__": {"admin": true}}',
  '{"constructor": {"prototype": {"admin": true}}}',
  `{"a":${'['.repeat(50_000)}${']'.repeat(50_000)}}`,
  '{"name": "\\u0000"}',
  '{"name": "\\ud800"}',
  '\u0000',
  '{"name": "x", "name": {"$ne": 1}}',
  `{"name": "${'x'.repeat(1_100_000)}"}`,
];

const HOSTILE_IDS = [
  '0',
  '-1',
  '1.5',
  'abc',
  '1e3',
  'NaN',
  '99999999999999999999',
  '%00',
  '..%2F..%2Fetc%2Fpasswd',
  "1'%20or%20'1'='1",
  '%F0%9F%98%80',
];
const HOSTILE_DATES = [
  '2026-02-30',
  '0000-00-00',
  '9999-12-31',
  '2026-11-24T00:00',
  'today',
  '%00',
  '20261124',
  '-2026-11-24',
];
const HOSTILE_QUERY = [
  '',
  'x',
  '-1',
  '1e309',
  '2026-02-30',
  '0001-01-01',
  '9999-12-31',
  "'%20or%201=1",
  '%00',
  'a'.repeat(5_000),
  '%ED%A0%80',
];

const base64url = (value: object | string) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const jwt = (claims: object, secret: string, header: object = { alg: 'HS256', typ: 'JWT' }) => {
  const unsigned = `${base64url(header)}.${base64url(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
};

/** Every table a request can write, but the rate limiter's (it counts refused attempts too). */
const DIGESTED_TABLES = [
  'users',
  'habits',
  'habit_completions',
  'streaks',
  'api_tokens',
  'analytics_dirty',
  'daily_snapshots',
  'job_runs',
  'job_leases',
];

describe('hostile input on every route', () => {
  let api: TestApi;
  let token: string;
  let userId: number;
  let habitId: number;
  let personalTokenId: number;
  let operations: Operation[];
  let bystanderBefore: string;
  const served: string[] = [];
  const problems: string[] = [];

  // SQLite counts every row change on the API's connection (total_changes()). The rate limiter counts every attempt
  // on its routes, refused ones too: one changed row per hit, and the test's clock stands still, so no window lapses
  // and the sum of hits grows by exactly one per count. PostgreSQL has no such counter: there every table but the
  // rate limiter's is read whole into one digest.
  const changes = async (): Promise<number | string> =>
    api.database.engine === 'sqlite'
      ? (
          await rows<{ n: number }>(
            api,
            'select total_changes() - (select coalesce(sum(hits), 0) from rate_limits) as n',
          )
        )[0]!.n
      : (
          await rows<{ digest: string }>(
            api,
            `select md5(${DIGESTED_TABLES.map(
              (table) => `coalesce((select string_agg(t::text, ',' order by t::text) from ${table} t), '')`,
            ).join(" || '|' || ")}) as digest`,
          )
        )[0]!.digest;
  const bystanderRows = async () =>
    JSON.stringify([
      await rows(api, "select * from users where username = 'bystander'"),
      await rows(api, "select h.* from habits h join users u on u.id = h.user_id where u.username = 'bystander'"),
      await rows(
        api,
        "select c.* from habit_completions c join habits h on h.id = c.habit_id join users u on u.id = h.user_id where u.username = 'bystander'",
      ),
    ]);

  /** class-validator's and Nest's stock phrases: a person reads the message, so none may reach a body. */
  const VALIDATOR_WORDING =
    /elements$|than or equal to|conforming to the specified|should not (exist|be)|must not be (less|greater) than|integer number|boolean value|following values|either object or array|unknown value was passed|Exception/;

  /** One hostile request: never 5xx; a refusal is the common error body and leaves every row as it was. */
  async function probe(
    label: string,
    method: string,
    url: string,
    options: Parameters<TestApi['request']>[2],
  ): Promise<Reply> {
    const before = await changes();
    const reply = await api.request(method, url, options);
    if (reply.status >= 500)
      problems.push(
        `${label}: ${method} ${url.slice(0, 120)} → ${reply.status} ${JSON.stringify(reply.body).slice(0, 200)}`,
      );
    if (reply.status >= 400) {
      if ((await changes()) !== before)
        problems.push(`${label}: ${method} ${url.slice(0, 120)} → ${reply.status} but rows changed`);
      const stock = [reply.body?.message, ...(reply.body?.details ?? []).map((d: { message: string }) => d.message)]
        .filter((message) => typeof message === 'string' && VALIDATOR_WORDING.test(message))
        .slice(0, 1);
      if (stock.length) problems.push(`${label}: ${method} ${url.slice(0, 120)} → validator wording "${stock[0]}"`);
      if (reply.body?.statusCode !== reply.status || typeof reply.body?.message !== 'string') {
        problems.push(
          `${label}: ${method} ${url.slice(0, 120)} → ${reply.status} without the error body: ${String(JSON.stringify(reply.body)).slice(0, 200)}`,
        );
      }
    }
    return reply;
  }

  /** The path with its parameters filled: owned ids and a real date unless a hostile value is given. */
  function fill(operation: Operation, hostile: Record<string, string> = {}): string {
    const valid: Record<string, string> = {
      id: String(operation.path.includes('/tokens/') ? personalTokenId : habitId),
      date: '2026-11-20',
    };
    return operation.path.replace(/\{(\w+)\}/g, (_, name: string) => hostile[name] ?? valid[name] ?? '1');
  }

  const validBodies: Record<string, Record<string, unknown>> = {
    'POST /api/v1/auth/register': { username: 'newcomer', email: 'newcomer@example.org', password: PASSWORD },
    'POST /api/v1/auth/login': { login: 'fuzzer', password: PASSWORD },
    'POST /api/v1/me/tokens': { name: 'cli' },
    'POST /api/v1/habits': { name: 'Fuzzed' },
    'POST /api/v1/habits/{id}/completions': { date: '2026-11-19' },
    'POST /api/v1/completions/batch': { items: [{ habitId: 0, date: '2026-11-18' }] },
  };

  beforeAll(async () => {
    api = await startApi({
      beforeInit: (app) =>
        app
          .getHttpAdapter()
          .getInstance()
          .addHook('onRoute', (route) => {
            for (const method of [route.method].flat())
              if (method !== 'HEAD' && !route.url.startsWith('/docs')) served.push(`${method} ${route.url}`);
          }),
    });
    ({ token, id: userId } = await api.register('fuzzer'));
    habitId = (await api.request('POST', '/api/v1/habits', { token, body: { name: 'Floss' } })).body.id;
    validBodies['POST /api/v1/completions/batch'] = { items: [{ habitId, date: '2026-11-18' }] };
    await api.request('PUT', `/api/v1/habits/${habitId}/completions/2026-11-20`, { token, body: {} });
    personalTokenId = (await api.request('POST', '/api/v1/me/tokens', { token, body: { name: 'laptop' } })).body.id;
    const bystander = await api.register('bystander');
    const theirs = (await api.request('POST', '/api/v1/habits', { token: bystander.token, body: { name: 'Theirs' } }))
      .body.id;
    await api.request('PUT', `/api/v1/habits/${theirs}/completions/2026-11-21`, { token: bystander.token, body: {} });
    bystanderBefore = await bystanderRows();
    expect(bystanderBefore).toContain('Theirs');

    const document = (await api.request<OpenApiDocument>('GET', '/docs-json')).body;
    const schemaFields = (ref?: string) =>
      Object.keys(document.components.schemas[ref?.split('/').pop() ?? '']?.properties ?? {});
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, spec]) => ({
        method: method.toUpperCase(),
        path,
        secured: (spec.security ?? []).length > 0,
        pathParams: (spec.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: (spec.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        bodyFields: schemaFields(spec.requestBody?.content['application/json']?.schema.$ref),
      })),
    );
  }, 30_000);
  afterAll(() => api.close());

  it('finds every route the server answers in the OpenAPI document', () => {
    const listed = operations.map((o) => `${o.method} ${o.path.replace(/\{(\w+)\}/g, ':$1')}`);
    expect(served.length).toBeGreaterThan(20);
    expect(listed.sort()).toEqual([...new Set(served)].sort());
  });

  it('refuses missing, malformed, forged, expired and algorithm-swapped tokens on every secured route', async () => {
    const secret = testConfig('').jwtSecret;
    const now = Math.floor(Date.parse('2026-11-24T12:00:00Z') / 1000);
    const claims = { sub: String(userId), typ: 'access', iat: now - 100 };
    const badTokens: (string | undefined)[] = [
      undefined,
      '',
      'garbage',
      'sfp_' + 'A'.repeat(43),
      jwt({ ...claims, exp: now + 900 }, 'another-secret-of-the-same-length-as-ours'),
      jwt({ ...claims, exp: now - 1 }, secret),
      jwt({ ...claims, exp: now + 900 }, secret, { alg: 'none', typ: 'JWT' })
        .split('.')
        .slice(0, 2)
        .join('.') + '.',
      jwt({ ...claims, typ: 'refresh', exp: now + 900 }, secret),
      jwt({ ...claims, sub: '1 or 1=1', exp: now + 900 }, secret),
      jwt({ ...claims, sub: '999999', exp: now + 900 }, secret),
    ];
    const secured = operations.filter((o) => o.secured);
    expect(secured.length).toBeGreaterThan(20);
    for (const operation of secured) {
      for (const bad of badTokens) {
        const reply = await probe('token', operation.method, fill(operation), {
          headers: bad === undefined ? {} : { authorization: `Bearer ${bad}` },
          ...(validBodies[`${operation.method} ${operation.path}`]
            ? { body: validBodies[`${operation.method} ${operation.path}`] }
            : {}),
        });
        if (reply.status !== 401)
          problems.push(
            `token: ${operation.method} ${operation.path} with ${String(bad).slice(0, 20)} → ${reply.status}, not 401`,
          );
      }
    }
    expect(problems).toEqual([]);
  }, 50_000);

  it('refuses hostile path parameters on every route that has them, and unknown paths', async () => {
    for (const operation of operations.filter((o) => o.pathParams.length > 0)) {
      for (const name of operation.pathParams) {
        for (const value of name === 'date' ? HOSTILE_DATES : HOSTILE_IDS) {
          const reply = await probe('path', operation.method, fill(operation, { [name]: value }), {
            token,
            body: validBodies[`${operation.method} ${operation.path}`],
          });
          if (reply.status < 400)
            problems.push(`path: ${operation.method} ${operation.path} with ${name}=${value} → ${reply.status}`);
        }
      }
    }
    for (const path of [
      '/api/v1/habits/1/unknown',
      '/api/v1/../../etc/passwd',
      '/api/v2/habits',
      '/api/v1/habits/%2e%2e/',
      '/%00',
      `/api/v1/${'a/'.repeat(500)}`,
    ]) {
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
        const reply = await probe('unknown path', method, path, { token, body: {} });
        if (reply.status < 400) problems.push(`unknown path: ${method} ${path.slice(0, 40)} → ${reply.status}`);
      }
    }
    expect(problems).toEqual([]);
  }, 50_000);

  it('never fails on hostile query values', async () => {
    for (const operation of operations.filter((o) => o.queryParams.length > 0)) {
      for (const name of operation.queryParams) {
        for (const value of HOSTILE_QUERY) {
          await probe('query', operation.method, `${fill(operation)}?${name}=${value}`, { token });
        }
        await probe('query', operation.method, `${fill(operation)}?${name}=1&${name}=2`, { token });
        await probe('query', operation.method, `${fill(operation)}?${name}[__proto__][x]=1`, { token });
      }
    }
    expect(problems).toEqual([]);
  }, 50_000);

  it('refuses malformed and hostile bodies on every route that takes one, writing nothing', async () => {
    const withBodies = operations.filter((o) => o.bodyFields.length > 0 && o.method !== 'DELETE');
    expect(withBodies.length).toBeGreaterThanOrEqual(8);
    for (const operation of withBodies) {
      const url = fill(operation);
      const key = `${operation.method} ${operation.path}`;
      const auth = operation.secured ? { token } : {};
      for (const raw of RAW_BODIES) {
        const reply = await probe('raw', operation.method, url, { ...auth, raw });
        if (reply.status < 400) problems.push(`raw: ${key} accepted ${raw.slice(0, 40)} → ${reply.status}`);
      }
      for (const contentType of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
      ]) {
        const reply = await probe('content-type', operation.method, url, {
          ...auth,
          raw: 'name=x',
          headers: { 'content-type': contentType },
        });
        if (reply.status < 400) problems.push(`content-type: ${key} accepted ${contentType} → ${reply.status}`);
      }
      for (const field of [...operation.bodyFields, '__proto__', 'constructor', 'unknownField']) {
        for (const value of HOSTILE_VALUES) {
          const body = { ...validBodies[key] };
          if (field === 'items') body[field] = [value];
          else Object.defineProperty(body, field, { value, enumerable: true });
          await probe(`field ${field}`, operation.method, url, { ...auth, body });
        }
      }
    }
    expect(problems).toEqual([]);
  }, 50_000);

  it("leaves the other user's data untouched and the server healthy", async () => {
    expect((await api.request('GET', '/health/ready')).status).toBe(200);
    expect((await api.request('GET', `/api/v1/habits/${habitId}`, { token })).status).toBe(200);
    expect((await api.request('GET', '/api/v1/habits?archived=all', { token })).status).toBe(200);
    expect(await bystanderRows()).toBe(bystanderBefore);
    if (api.database.engine === 'sqlite') {
      expect(await rows(api, 'pragma integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    }
  });
});
