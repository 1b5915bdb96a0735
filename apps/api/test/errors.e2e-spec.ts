import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rows, startApi, type TestApi } from './support.js';

describe('error handling', () => {
  let api: TestApi;
  let token: string;
  let userId: number;

  beforeAll(async () => {
    api = await startApi();
    ({ token, id: userId } = await api.register('errors'));
  });
  afterAll(() => api.close());

  const habitCount = async () =>
    (await rows<{ n: number }>(api, 'select count(*) as n from habits where user_id = ?', [userId]))[0]!.n;

  it('takes path ids as digits only: hex, exponents, decimals and signs are 400, not another habit', async () => {
    const habit = await api.request('POST', '/api/v1/habits', { token, body: { name: 'Sixteen' } });
    for (const id of ['0x10', '1e1', `${habit.body.id}.0`, `+${habit.body.id}`, `%20${habit.body.id}`, '0']) {
      const reply = await api.request('GET', `/api/v1/habits/${id}`, { token });
      expect([id, reply.status, reply.body.details]).toEqual([
        id,
        400,
        [{ field: 'id', message: 'id must be a positive integer' }],
      ]);
    }
    expect((await api.request('GET', `/api/v1/habits/${habit.body.id}`, { token })).status).toBe(200);
    await api.request('DELETE', `/api/v1/habits/${habit.body.id}`, { token });
  });

  it('answers a malformed multipart upload with 400, never 500', async () => {
    const upload = (contentType: string, payload: string) =>
      api.app.inject({
        method: 'POST',
        url: '/api/v1/import/loop',
        headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
        payload,
      });
    const part = (name: string, body: string, filename = '') =>
      `--XX\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}\r\n\r\n${body}\r\n`;
    const cases: [string, string, string][] = [
      ['multipart/form-data', 'no boundary at all', 'not a well-formed'],
      ['multipart/form-data; boundary=XX', part('file', 'PK', 'a.zip').slice(0, -2), 'not a well-formed'],
      [
        'multipart/form-data; boundary=XX',
        `${part('note', 'hi')}${part('file', 'PK', 'a.zip')}--XX--\r\n`,
        'only the file',
      ],
    ];
    for (const [contentType, payload, message] of cases) {
      const reply = await upload(contentType, payload);
      expect(reply.statusCode).toBe(400);
      expect(JSON.parse(reply.body)).toMatchObject({
        statusCode: 400,
        details: [{ field: 'file', message: expect.stringContaining(message) }],
      });
    }
    expect(await habitCount()).toBe(0);
  });

  it('refuses objects with more fields than any the API defines before validating them, in a short body', async () => {
    const wide = Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`k${i}`, 1]));
    const habit = await api.request('POST', '/api/v1/habits', { token, body: { name: 'x', ...wide } });
    expect(habit.status).toBe(400);
    expect(habit.body.details).toEqual([
      { field: 'body', message: 'body has 60001 fields; no object here has more than 64' },
    ]);
    const document = { format: 'streakforge.v1', profile: {}, habits: [{ name: 'x', completions: [], ...wide }] };
    const imported = await api.request('POST', '/api/v1/import', { token, body: document });
    expect(imported.status).toBe(400);
    expect(JSON.stringify(imported.body).length).toBeLessThan(1000);
    expect(await habitCount()).toBe(0);
  });

  it('lists at most 100 problems in one error body', async () => {
    const days = Array.from({ length: 3000 }, (_, i) => ({
      date: `2026-13-${String((i % 28) + 1).padStart(2, '0')}`,
      status: 'done',
    }));
    const reply = await api.request('POST', '/api/v1/import', {
      token,
      body: { format: 'streakforge.v1', profile: {}, habits: [{ name: 'x', completions: days }] },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.details).toHaveLength(100);
    expect(reply.body.message).toMatch(/^[1-9]\d{3,} problems, the first 100 listed in details; the first: /);
  });

  it('answers malformed JSON with 400 in the common error body', async () => {
    const reply = await api.request('POST', '/api/v1/habits', { token, raw: '{"name": "x",' });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.stringContaining('JSON') });
  });

  it('answers a non-JSON content type with 415', async () => {
    const reply = await api.request('POST', '/api/v1/habits', {
      token,
      raw: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(reply.status).toBe(415);
    const text = await api.request('POST', '/api/v1/habits', {
      token,
      raw: 'x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    expect(text.body.statusCode).toBe(415);
  });

  it('answers bodies over 1 MiB with 413', async () => {
    const reply = await api.request('POST', '/api/v1/habits', {
      token,
      body: { name: 'x', description: 'y'.repeat(1024 * 1024) },
    });
    expect(reply.status).toBe(413);
    expect(reply.body.statusCode).toBe(413);
  });

  it('refuses prototype pollution keys', async () => {
    const reply = await api.request('POST', '/api/v1/habits', {
      token,
      raw: '{"name":"x","__proto__":{"admin":true}}',
    });
    expect(reply.status).toBe(400);
    const constructor = await api.request('POST', '/api/v1/habits', {
      token,
      raw: '{"name":"x","constructor":{"prototype":{"admin":true}}}',
    });
    expect(constructor.status).toBe(400);
  });

  it('refuses text it could not return as sent, prototype keys and absurd nesting, per field', async () => {
    const before = await habitCount();
    const cases: [string, { field: string; message: string }][] = [
      [
        '{"name":"a\\u0000b"}',
        { field: 'name', message: 'name must not contain NUL characters or unpaired surrogates' },
      ],
      ['{"name":"\\ud83d"}', { field: 'name', message: 'name must not contain NUL characters or unpaired surrogates' }],
      ['{"name":"x","constructor":"y"}', { field: 'constructor', message: 'constructor is not allowed' }],
      [
        '{"name":"x","category":{"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":1}}}}}}}}}',
        { field: 'category.a.b.c.d.e.f.g', message: 'category.a.b.c.d.e.f.g is nested too deeply' },
      ],
      ['null', { field: 'body', message: 'the body must be a JSON object' }],
    ];
    for (const [raw, detail] of cases) {
      const reply = await api.request('POST', '/api/v1/habits', { token, raw });
      expect({ raw, status: reply.status, details: reply.body.details }).toEqual({
        raw,
        status: 400,
        details: [detail],
      });
    }
    expect(await habitCount()).toBe(before);
  });

  it('refuses dates before 1900 in bodies, paths and queries', async () => {
    const habitId = (await api.request('POST', '/api/v1/habits', { token, body: { name: 'Old' } })).body.id;
    const message = 'must be a date written YYYY-MM-DD, on or after 1900-01-01';
    const post = await api.request('POST', `/api/v1/habits/${habitId}/completions`, {
      token,
      body: { date: '1899-12-31' },
    });
    expect(post.body.details).toEqual([{ field: 'date', message: `date ${message}` }]);
    const put = await api.request('PUT', `/api/v1/habits/${habitId}/completions/0001-01-01`, { token, body: {} });
    expect(put.status).toBe(400);
    const batch = await api.request('POST', '/api/v1/completions/batch', {
      token,
      body: { items: [{ habitId, date: '1000-01-01' }] },
    });
    expect(batch.body.details).toEqual([{ field: 'items.0.date', message: `date ${message}` }]);
    const scores = await api.request('GET', `/api/v1/habits/${habitId}/scores?from=1800-01-01`, { token });
    expect(scores.body.details).toEqual([{ field: 'from', message: `from ${message}` }]);
    expect(
      (await api.request('POST', `/api/v1/habits/${habitId}/completions`, { token, body: { date: '1900-01-01' } }))
        .status,
    ).toBe(201);
  });

  it('treats SQL-looking and unicode text as plain data', async () => {
    const before = await habitCount();
    const name = "x'); drop table habits; -- ✓ 習慣 \u{1F600}";
    const reply = await api.request('POST', '/api/v1/habits', { token, body: { name } });
    expect(reply.status).toBe(201);
    expect(reply.body.name).toBe(name);
    expect(await habitCount()).toBe(before + 1);
  });

  it('rejects a non-object body, arrays and wrong types', async () => {
    for (const raw of ['"just a string"', '[1,2]', '42', 'null']) {
      const reply = await api.request('POST', '/api/v1/habits', { token, raw });
      expect(reply.status).toBe(400);
    }
  });

  it('answers bad ids and unknown routes with 4xx', async () => {
    for (const id of ['abc', '0', '-1', '1.5', '99999999999999999999']) {
      const reply = await api.request('GET', `/api/v1/habits/${id}`, { token });
      expect(reply.status).toBe(400);
      expect(reply.body.details).toEqual([{ field: 'id', message: 'id must be a positive integer' }]);
    }
    const unknown = await api.request('GET', '/api/v1/nothing-here', { token });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('answers a known path with a method it does not take with 405 and Allow, before authentication', async () => {
    const cases: [string, string, string][] = [
      ['PUT', '/api/v1/habits', 'GET, HEAD, POST'],
      ['POST', '/api/v1/habits/12', 'DELETE, GET, HEAD, PATCH'],
      ['GET', '/api/v1/completions/batch', 'POST'],
      ['DELETE', '/health/live?verbose=1', 'GET, HEAD'],
    ];
    for (const [method, path, allow] of cases) {
      const reply = await api.request(method, path);
      expect([method, path, reply.status, reply.headers['allow'], reply.body]).toEqual([
        method,
        path,
        405,
        allow,
        {
          statusCode: 405,
          error: 'Method Not Allowed',
          message: `${path.split('?')[0]} does not take ${method}; it takes ${allow}`,
        },
      ]);
    }
    expect((await api.request('GET', '/api/v1/habits/12', { token })).status).toBe(404);
  });

  it('echoes a sane request id and replaces an unsafe one', async () => {
    const given = await api.request('GET', '/health/live', { headers: { 'x-request-id': 'client-123' } });
    expect(given.headers['x-request-id']).toBe('client-123');
    const unsafe = await api.request('GET', '/health/live', { headers: { 'x-request-id': 'x'.repeat(200) } });
    expect(unsafe.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers', async () => {
    const reply = await api.request('GET', '/health/live');
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('answers an unexpected failure with a generic 500 that names the request id', async () => {
    const { token: victim } = await api.register('victim');
    await rows(api, 'alter table habits rename to habits_gone');
    try {
      const reply = await api.request('GET', '/api/v1/habits', {
        token: victim,
        headers: { 'x-request-id': 'trace-me' },
      });
      expect(reply.status).toBe(500);
      expect(reply.body).toEqual({
        statusCode: 500,
        error: 'Internal Server Error',
        message: 'unexpected error; request id trace-me',
      });
      expect(JSON.stringify(reply.body)).not.toContain('habits');
    } finally {
      await rows(api, 'alter table habits_gone rename to habits');
    }
  });
});

describe('CORS', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startApi({ config: { corsOrigins: ['https://app.example.org'] } });
  });
  afterAll(() => api.close());

  it('allows only the configured origins', async () => {
    const allowed = await api.request('GET', '/health/live', { headers: { origin: 'https://app.example.org' } });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.org');
    const other = await api.request('GET', '/health/live', { headers: { origin: 'https://evil.example.org' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
