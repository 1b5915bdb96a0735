import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { holdWriteLock, type WriteLock } from '../../../tooling/test/hold-write-lock.mjs';
import { rows, startApi, type TestApi } from './support.js';

describe('a write lock another process holds past the lock timeout', () => {
  let api: TestApi;
  let token: string;
  let habitId: number;
  let lock: WriteLock | undefined;

  beforeAll(async () => {
    api = await startApi({ config: { lockTimeoutMs: 300 } });
    ({ token } = await api.register('locked'));
    habitId = (await api.request('POST', '/api/v1/habits', { token, body: { name: 'Read' } })).body.id;
  });
  afterAll(async () => {
    await lock?.release();
    await api.close();
  });

  const put = (date: string) =>
    api.request('PUT', `/api/v1/habits/${habitId}/completions/${date}`, { token, body: {} });

  it('answers writes 503 with Retry-After, keeps reads and liveness up, and reports not ready', async () => {
    lock = await holdWriteLock(api.databasePath);

    const write = await put('2026-11-20');
    expect(write.status).toBe(503);
    expect(write.headers['retry-after']).toBe('2');
    expect(write.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: expect.stringContaining('try again'),
    });

    const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => put(`2026-11-1${i}`)));
    expect(burst.map((reply) => reply.status)).toEqual(Array(10).fill(503));

    expect((await api.request('GET', '/api/v1/habits', { token })).status).toBe(200);
    expect((await api.request('GET', '/health/live')).status).toBe(200);
    const ready = await api.request('GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.error).toMatchObject({ writable: { status: 'down' } });
  });

  it('serves normally once the lock is gone, and nothing refused was written', async () => {
    await lock!.release();
    lock = undefined;
    expect(await rows(api, 'select * from habit_completions where habit_id = ?', [habitId])).toEqual([]);

    expect((await put('2026-11-20')).status).toBe(201);
    expect((await api.request('GET', '/health/ready')).status).toBe(200);
    expect(
      await rows(api, 'select completion_date as date from habit_completions where habit_id = ?', [habitId]),
    ).toEqual([{ date: '2026-11-20' }]);
  });
});

describe('a request that waits longer than the idle timeout', () => {
  let api: TestApi;
  let lock: WriteLock | undefined;

  beforeAll(async () => {
    api = await startApi({ config: { idleTimeoutMs: 300, lockTimeoutMs: 60_000 } });
    await api.app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await lock?.release();
    await api.close();
  });

  it('gets its answer: the connection is idle only when the server is not working on it', async () => {
    const { port } = api.app.getHttpServer().address() as { port: number };
    const { token } = await api.register('patient');
    lock = await holdWriteLock(api.databasePath);
    const created = fetch(`http://127.0.0.1:${port}/api/v1/habits`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Read' }),
    });
    // Held for three idle timeouts while the write waits on it; a busier machine only holds it longer.
    await new Promise((resolve) => setTimeout(resolve, 900));
    await lock.release();
    lock = undefined;
    const reply = await created;
    expect(reply.status).toBe(201);
    expect(await rows(api, 'select name from habits')).toEqual([{ name: 'Read' }]);
  });
});
