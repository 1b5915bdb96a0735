// The CPU cost of the write path, in a form a shared machine cannot blur: one process, no network, sequential
// `POST` (a new day) and `PUT` (the same day again) through Fastify's injection on a temp SQLite file. Wall-clock
// time here moves by a third between runs of one build, so compare instruction counts between two builds:
//
//   WARM=20 valgrind --tool=callgrind node --jitless bench/write-cost.mjs 40    # and again with 120
//
// (120-run total − 40-run total) / 80 = instructions per POST + PUT pair, start-up and warm-up cancelled out.
// Run plainly, it prints CPU and wall time per request instead.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../apps/api/dist/bootstrap.js';
import { SystemClock, migrateDatabase } from '../packages/db/dist/index.js';

const runs = Number(process.argv[2] ?? 3000);
const warm = Number(process.env.WARM ?? 300);
const dir = mkdtempSync(join(tmpdir(), 'streakforge-write-cost-'));
const databasePath = join(dir, 'write-cost.db');
await migrateDatabase({ databasePath });
const app = await createApp(
  {
    databasePath,
    lockTimeoutMs: 5000,
    port: 0,
    host: '127.0.0.1',
    logLevel: 'silent',
    jwtSecret: 'a secret long enough for the write-cost run',
    accessTokenTtlSeconds: 86_400,
    corsOrigins: [],
    authRateLimitPerMinute: 100_000,
    trustProxy: false,
    idleTimeoutMs: 10_000,
    requestTimeoutMs: 120_000,
    maxConnections: 1000,
    scryptLog2N: 15,
  },
  new SystemClock(),
);
try {
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const request = async (method, url, token, body) => {
    const reply = await app.inject({
      method,
      url,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
      payload: JSON.stringify(body ?? {}),
    });
    if (reply.statusCode >= 300) throw new Error(`${method} ${url}: ${reply.statusCode} ${reply.body}`);
    return JSON.parse(reply.body);
  };
  const { accessToken: token } = await request('POST', '/api/v1/auth/register', null, {
    username: 'writecost',
    email: 'writecost@example.org',
    password: 'correct horse battery staple',
  });
  const habits = [];
  for (let i = 0; i < 20; i++) habits.push((await request('POST', '/api/v1/habits', token, { name: `h${i}` })).id);
  const day = (n) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
  const measure = async (label, write) => {
    for (let i = 0; i < warm; i++) await write(100_000 + i);
    const cpu = process.cpuUsage();
    const start = performance.now();
    for (let i = 0; i < runs; i++) await write(i);
    const used = process.cpuUsage(cpu);
    const perRequest = (ms) => (ms / runs).toFixed(3);
    console.log(
      `${label}: ${perRequest((used.user + used.system) / 1000)} ms CPU, ${perRequest(performance.now() - start)} ms wall per request`,
    );
  };
  const slot = (i) => ({ habitId: habits[i % habits.length], date: day(Math.floor(i / habits.length) + 1) });
  await measure('POST a new day', (i) =>
    request('POST', `/api/v1/habits/${slot(i).habitId}/completions`, token, { date: slot(i).date }),
  );
  await measure('PUT the same day', (i) =>
    request('PUT', `/api/v1/habits/${slot(i).habitId}/completions/${slot(i).date}`, token, {}),
  );
} finally {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}
