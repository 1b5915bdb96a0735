// Analytics at scale: one user with 1,000 habits × 3 years of daily records. Times the snapshots backfill, an
// incremental run after 1,000 scattered edits made through the API, and the API's summary and heatmap for a year.
// Run through `npm run bench` (which builds first); prints a table and writes bench/results/analytics.json.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { addDays, logicalToday } from '../packages/core/dist/index.js';
import { migrateDatabase } from '../packages/db/dist/index.js';
import { createWorker } from '../apps/worker/dist/bootstrap.js';
import { Jobs } from '../apps/worker/dist/jobs/jobs.js';

const HABITS = 1000;
const DAYS = 3 * 365;
const EDITS = 1000;
const SAMPLES = 30;
const root = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'streakforge-bench-'));
const databasePath = join(dir, 'data', 'bench.db');
const env = { ...process.env, DATABASE_PATH: databasePath, LOG_LEVEL: 'warn' };
const today = logicalToday({ now: new Date(), timeZone: 'UTC', dayStartMinutes: 0 });
const results = [];

const timed = async (label, work, detail = '') => {
  const start = performance.now();
  const value = await work();
  const ms = performance.now() - start;
  results.push({ case: label, ms: Math.round(ms * 10) / 10, detail });
  return value;
};

const freePort = () =>
  new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function latency(label, url, token) {
  const samples = [];
  for (let i = 0; i < SAMPLES; i++) {
    const start = performance.now();
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${label}: HTTP ${response.status}`);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  results.push({ case: label, ms: Math.round(percentile(samples, 50) * 10) / 10, detail: `p50 of ${SAMPLES}; p95 ${percentile(samples, 95).toFixed(1)} ms` });
}

let api;
try {
  await migrateDatabase({ databasePath });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  api = spawn(process.execPath, [join(root, 'apps/api/dist/main.js')], { env: { ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let ready = false; !ready; ) {
    ready = await fetch(`${base}/health/ready`).then((r) => r.ok, () => false);
    if (!ready) await new Promise((r) => setTimeout(r, 100));
  }
  const session = await (
    await fetch(`${base}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench', email: 'bench@example.org', password: 'correct horse battery' }),
    })
  ).json();
  const token = session.accessToken;

  const rows = await timed('seed 1,000 habits × 3 years (raw SQL)', () => {
    const db = new Database(databasePath);
    const created = Date.parse(`${addDays(today, -DAYS)}T12:00:00Z`);
    const habit = db.prepare(
      "insert into habits (user_id, name, category, type, goal_type, times_per_period, period_days, target_type, position, archived, created_at, updated_at) values (?, ?, ?, 'boolean', ?, ?, ?, 'at_least', ?, 0, ?, ?)",
    );
    const completion = db.prepare(
      "insert into habit_completions (habit_id, completion_date, status, value, created_at, updated_at) values (?, ?, 'done', 1, ?, ?)",
    );
    let count = 0;
    db.transaction(() => {
      for (let h = 0; h < HABITS; h++) {
        const weekly = h % 3 === 1;
        const id = habit.run(session.user.id, `habit ${h}`, `c${h % 5}`, weekly ? 'weekly' : 'daily', weekly ? 3 : 1, weekly ? 7 : 1, h, created, created).lastInsertRowid;
        for (let back = DAYS; back >= 1; back--) {
          if ((back * 7 + h) % 4 === 0) continue;
          completion.run(id, addDays(today, -back), created, created);
          count++;
        }
      }
    })();
    db.close();
    return count;
  });
  results.at(-1).detail = `${rows.toLocaleString('en')} completions`;

  const worker = await createWorker({ databasePath, backupDir: join(dir, 'backups'), backupKeep: 1 }, { schedule: false });
  const jobs = worker.get(Jobs);
  const rollover = await timed('rollover: 1,000 streak rows from nothing', () => jobs.run('rollover'));
  results.at(-1).detail = `${rollover.items} rows`;
  const backfill = await timed('snapshots: backfill (first run)', () => jobs.run('snapshots'));
  results.at(-1).detail = `${backfill.items} days written`;

  await timed('1,000 scattered edits through PUT (sequential)', async () => {
    for (let i = 0; i < EDITS; i++) {
      const habitId = 1 + ((i * 7919) % HABITS);
      const date = addDays(today, -1 - ((i * 104_729) % (DAYS - 1)));
      const response = await fetch(`${base}/api/v1/habits/${habitId}/completions/${date}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(i % 3 === 0 ? { status: 'skipped' } : {}),
      });
      if (!response.ok) throw new Error(`edit: HTTP ${response.status}`);
    }
  });
  const incremental = await timed('snapshots: incremental run after the edits', () => jobs.run('snapshots'));
  results.at(-1).detail = `${incremental.items} days rewritten`;
  await worker.close();

  const from = addDays(today, -364);
  await latency('GET /analytics/heatmap, one year (snapshots + today)', `${base}/api/v1/analytics/heatmap?from=${from}`, token);
  await latency('GET /analytics/summary, one year (and the year before)', `${base}/api/v1/analytics/summary?from=${from}`, token);

  const width = Math.max(...results.map((r) => r.case.length));
  console.log(`\n${'case'.padEnd(width)}  ${'ms'.padStart(10)}  detail`);
  for (const r of results) console.log(`${r.case.padEnd(width)}  ${r.ms.toFixed(1).padStart(10)}  ${r.detail}`);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/analytics.json'), `${JSON.stringify({ node: process.version, date: new Date().toISOString(), results }, null, 2)}\n`);
  console.log('\nwrote bench/results/analytics.json');
} finally {
  api?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
