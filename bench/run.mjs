// `npm run bench`: builds a realistic dataset through the API's own bulk route, then measures the API and the worker
// against the raw baseline (baseline-server.mjs: better-sqlite3 behind node:http, same core logic) in the same run.
// Two cases are held to a floor below that: the habit list to a plain join of its rows (`/raw/habits`), and the bulk
// load to one insert transaction of the same days. The worker runs in its own process, so each memory figure is one
// process's own.
// HTTP load comes from load.mjs (autocannon) in a second process, over loopback, 32 connections, bounded in time.
// Prints a table and writes bench/results/http.json. Figures are reported, never asserted.
//
// Environment: BENCH_SCALE (default 1) shrinks the dataset for a quick look; BENCH_SECONDS (default 5) per load run;
// BENCH_CPU_PROFILE=<dir> writes the API's V8 CPU profile there (open it in Chrome DevTools) to find what to fix;
// DATABASE_URL=postgresql://… runs the same cases again with the API on PostgreSQL (in a scratch database created on
// that server and dropped after) against the same baseline on node-postgres (in a scratch copy of its own), reported
// in columns of their own. The raw insert floor of the bulk load is SQLite's only.
import { fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import pg from 'pg';
import { addDays, logicalToday } from '@streakforge/core';
import { DEFAULT_POOL_SIZE, migrateDatabase } from '../packages/db/dist/index.js';
import { missingLeanSettings } from '../packages/db/dist/runtime.js';
import { browserAvailable, listDrawnMs, shellSize } from './browser.mjs';
import { loopBackup } from './loop-backup.mjs';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 32;
const BIG_HABITS = Math.round(1000 * SCALE);
const BIG_DAYS = 3 * 365;
const SMALL_USERS = Math.max(2, Math.round(200 * SCALE));
const SMALL_HABITS = 10;
const SMALL_DAYS = 365;
const BATCH = 1000;
const BULK_CONCURRENCY = 4;
const LOOP_HABITS = Math.max(5, Math.round(100 * SCALE));
const LOOP_DAYS = 5 * 365;

const here = import.meta.dirname;
const dir = mkdtempSync(join(tmpdir(), 'streakforge-bench-'));
const secret = randomBytes(32).toString('hex');
const today = logicalToday({ now: new Date(), timeZone: 'UTC', dayStartMinutes: 0 });
const children = new Set();

const freePort = () =>
  new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });

/** Starts a server process and resolves with its base URL and process once `ready` answers. */
async function startServer(args, env, ready) {
  const port = await freePort();
  // DATABASE_URL names the server for the PostgreSQL run's scratch database; each server gets its own database.
  const inherited = { ...process.env };
  delete inherited.DATABASE_URL;
  const child = spawn(process.execPath, args(port), {
    env: { ...inherited, JWT_SECRET: secret, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.add(child);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (await ready(base).catch(() => false)) return { base, child };
    if (i > 300) throw new Error(`${args(port).join(' ')} did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const startApi = (database) =>
  startServer(
    () => [
      ...(process.env.BENCH_CPU_PROFILE
        ? ['--cpu-prof', `--cpu-prof-dir=${resolve(process.env.BENCH_CPU_PROFILE)}`]
        : []),
      resolve(here, '../apps/api/dist/main.js'),
    ],
    {
      ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : { DATABASE_PATH: database.databasePath }),
      LOG_LEVEL: 'warn',
      ACCESS_TOKEN_TTL_SECONDS: '86400',
      AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    },
    async (base) => (await fetch(`${base}/health/ready`)).ok,
  );
/** The raw baseline on a database file or a postgresql:// address, with as many connections as the API keeps. */
const startBaseline = (database) =>
  startServer(
    (port) => [resolve(here, 'baseline-server.mjs'), database, String(port)],
    { POOL_SIZE: String(DEFAULT_POOL_SIZE) },
    async (base) => (await fetch(base)).status === 401,
  );

async function stop({ child }) {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  children.delete(child);
}

/** A live process's resident set in MB: `VmRSS` now, or `VmHWM`, the kernel's high-water mark. */
const rssMb = ({ child }, field = 'VmRSS') =>
  Number(readFileSync(`/proc/${child.pid}/status`, 'utf8').match(new RegExp(`${field}:\\s+(\\d+)`))[1]) / 1024;
const peakRssMb = (server) => rssMb(server, 'VmHWM');
/** How long a freshly started process is left alone before its idle RSS is read: start-up's garbage settles. */
const SETTLE_MS = 5_000;
const idleRssMb = async (server) => {
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  return rssMb(server);
};

/** What each level of bench/stack-floor.mjs holds at idle, in MB: the least the apps' own stack takes (see there). */
async function stackFloorRssMb(database) {
  const floor = {};
  for (const level of ['node', 'nest', 'worker', 'http', 'api']) {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [resolve(here, 'stack-floor.mjs'), level, database.databaseUrl ?? database.databasePath, String(port)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.add(child);
    await new Promise((ready, failed) => {
      child.stdout.on('data', (chunk) => String(chunk).includes('ready') && ready());
      child.once('exit', (code) => failed(new Error(`stack-floor.mjs ${level} exited with ${code}`)));
    });
    floor[level] = await idleRssMb({ child });
    await stop({ child });
  }
  console.log(`stack floor, idle RSS in MB: ${JSON.stringify(floor)}`);
  return floor;
}

/**
 * The worker in a process of its own (worker-process.mjs), so its memory is measured apart from this one's; with the
 * memory settings its entry point would give itself, which a process with an IPC channel cannot (keepHeapSmall).
 */
async function startWorker(config) {
  const lean = missingLeanSettings([], process.env);
  const child = fork(resolve(here, 'worker-process.mjs'), [JSON.stringify(config)], {
    execArgv: lean?.flags ?? [],
    env: { ...process.env, ...lean?.env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  children.add(child);
  const next = () => new Promise((r) => child.once('message', r));
  await next();
  return {
    child,
    run: (job) => {
      const reply = next();
      child.send({ run: job });
      return reply;
    },
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.send({ stop: true });
      await exited;
      children.delete(child);
    },
  };
}

/**
 * The raw floor for the bulk load: every day of the batches inserted by one better-sqlite3 transaction into a plain
 * table. The copy's triggers (which raise `habits.records_version`) are dropped first: the floor is what SQLite
 * allows for the rows themselves, and what the schema adds on top counts against the API.
 */
function rawInsertRowsPerSecond(databasePath, batches, rows) {
  const db = new Database(databasePath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  for (const { name } of db.prepare("select name from sqlite_master where type = 'trigger'").all())
    db.exec(`drop trigger "${name}"`);
  const insert = db.prepare(
    'insert into habit_completions (habit_id, completion_date, status, value, notes, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)',
  );
  const start = performance.now();
  db.transaction(() => {
    const now = Date.now();
    for (const batch of batches)
      for (const item of batch.items)
        insert.run(item.habitId, item.date, item.status ?? 'done', item.value ?? 1, null, now, now);
  })();
  const perSecond = rows / ((performance.now() - start) / 1000);
  db.close();
  return perSecond;
}

async function call(base, method, path, token, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

async function pool(tasks, concurrency) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < tasks.length) await tasks[next++]();
    }),
  );
}

/** A copy of a live database through SQLite's online backup, so both servers start from the same rows. */
async function copyDatabase(from, to) {
  mkdirSync(resolve(to, '..'), { recursive: true });
  const source = new Database(from, { readonly: true });
  await source.backup(to);
  source.close();
}

/** One autocannon run from a second process: requests/s, latency percentiles (ms) and failed requests. */
async function load(base, requests, seconds = SECONDS) {
  const planPath = join(dir, `plan-${randomBytes(4).toString('hex')}.json`);
  writeFileSync(planPath, JSON.stringify({ url: base, connections: CONNECTIONS, duration: seconds, requests }));
  const child = spawn(process.execPath, [resolve(here, 'load.mjs'), planPath], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  const code = await new Promise((r) => child.once('exit', r));
  if (code !== 0) throw new Error(`load.mjs exited with ${code}`);
  return JSON.parse(output);
}

// The habit mix of a real account: mostly daily, some weekly and rolling goals, some numeric.
const habitBody = (i) =>
  [
    { name: `run ${i}`, goalType: 'daily' },
    { name: `read ${i}`, goalType: 'weekly', timesPerPeriod: 3 },
    { name: `water ${i}`, type: 'numeric', targetValue: 8, unit: 'glasses' },
    { name: `gym ${i}`, goalType: 'custom', timesPerPeriod: 2, periodDays: 5 },
    { name: `meditate ${i}`, goalType: 'daily' },
  ][i % 5];
const dayItem = (habit, date, seed) =>
  habit.type === 'numeric'
    ? { habitId: habit.id, date, value: 3 + (seed % 7) }
    : { habitId: habit.id, date, ...(seed % 19 === 0 ? { status: 'skipped' } : {}) };

/** The whole run on one database: dataset, bulk load, HTTP cases, worker jobs and imports. */
async function benchEngine(database) {
  const results = { bulk: {}, http: [], worker: [], imports: [] };
  const sqlite = !database.databaseUrl;
  const apiDatabase = database.databasePath;
  await migrateDatabase(database);
  let api = await startApi(database);
  results.idleRss = { api: await idleRssMb(api) };
  results.stackFloor = await stackFloorRssMb(database);

  console.log(
    `dataset: 1 user × ${BIG_HABITS} habits × ${BIG_DAYS} days, ${SMALL_USERS} users × ${SMALL_HABITS} habits × ${SMALL_DAYS} days`,
  );
  const register = (username) =>
    call(api.base, 'POST', '/api/v1/auth/register', null, {
      username,
      email: `${username}@example.org`,
      password: 'correct horse battery staple',
    });
  const accounts = [];
  await pool(
    ['bench', ...Array.from({ length: SMALL_USERS }, (_, i) => `user${i}`)].map(
      (name, i) => async () => (accounts[i] = await register(name)),
    ),
    2,
  );
  const [big, ...small] = accounts.map((session) => ({ token: session.accessToken, habits: [] }));
  const createHabits = async (owner, count) => {
    for (let i = 0; i < count; i++)
      owner.habits.push(await call(api.base, 'POST', '/api/v1/habits', owner.token, habitBody(i)));
  };
  await createHabits(big, BIG_HABITS);
  await pool(
    small.map((owner) => () => createHabits(owner, SMALL_HABITS)),
    4,
  );

  // Every day of history but today (left free for the POST load); a few days missing, some skipped.
  const batches = [];
  const enqueue = (owner, days, missing) => {
    let items = [];
    for (const habit of owner.habits) {
      for (let back = days; back >= 1; back--) {
        if (missing(back, habit.id)) continue;
        items.push(dayItem(habit, addDays(today, -back), back + habit.id));
        if (items.length === BATCH) {
          batches.push({ token: owner.token, items });
          items = [];
        }
      }
    }
    if (items.length) batches.push({ token: owner.token, items });
  };
  enqueue(big, BIG_DAYS, (back, id) => (back * 7 + id) % 31 === 0);
  for (const owner of small) enqueue(owner, SMALL_DAYS, (back, id) => (back + id) % 4 === 0);
  const rows = batches.reduce((sum, batch) => sum + batch.items.length, 0);

  const bulk = async (base) => {
    const start = performance.now();
    await pool(
      batches.map(
        (batch) => () => call(base, 'POST', '/api/v1/completions/batch', batch.token, { items: batch.items }),
      ),
      BULK_CONCURRENCY,
    );
    return rows / ((performance.now() - start) / 1000);
  };
  // The baseline works on a copy of the API's database as it stands, so both do the same work: a file copy on
  // SQLite, a dump restored into a scratch database of its own on PostgreSQL (dropped when the run ends).
  const copyForBaseline = async (name) => {
    if (!sqlite) return copyPostgres(database.databaseUrl);
    const path = join(dir, name, 'streakforge.db');
    await copyDatabase(apiDatabase, path);
    return path;
  };
  const bulkBaselineDatabase = await copyForBaseline('baseline-bulk');
  const rawCopy = sqlite ? await copyForBaseline('raw-bulk') : undefined;
  console.log(
    `bulk load: ${rows.toLocaleString('en')} completions in batches of ${BATCH}, ${BULK_CONCURRENCY} at a time`,
  );
  results.bulk.api = await bulk(api.base);
  const bulkBaseline = await startBaseline(bulkBaselineDatabase);
  results.bulk.baseline = await bulk(bulkBaseline.base);
  await stop(bulkBaseline);
  if (sqlite) {
    rmSync(join(dir, 'baseline-bulk'), { recursive: true });
    results.bulk.raw = rawInsertRowsPerSecond(rawCopy, batches, rows);
    rmSync(join(dir, 'raw-bulk'), { recursive: true });
  }
  results.bulk.rows = rows;
  results.peakRssAfter = { bulk: peakRssMb(api) };

  const worker = await startWorker({
    ...database,
    lockTimeoutMs: 5000,
    backupDir: join(dir, 'backups'),
    backupKeep: 1,
    logLevel: 'warn',
  });
  results.idleRss.worker = await idleRssMb(worker);
  const timedJob = async (label, name) => {
    const { ms, items } = await worker.run(name);
    results.worker.push({ case: label, ms, items });
  };
  await timedJob('snapshots: backfill of every user', 'snapshots');

  const baseline = await startBaseline(await copyForBaseline('baseline'));
  // Reads are warmed up on both servers first (a second of the same load, not counted), so a case's tail is its
  // own and not the JIT's first compile of the route. Writes are not: each would use up the days it writes.
  const measure = async (label, requests, targets = {}, { baselineRequests = requests, warm = false } = {}) => {
    console.log(`load (${sqlite ? 'SQLite' : 'PostgreSQL'}): ${label}`);
    if (warm) {
      await load(api.base, requests, 1);
      await load(baseline.base, baselineRequests, 1);
    }
    const row = {
      case: label,
      api: await load(api.base, requests),
      baseline: await load(baseline.base, baselineRequests),
      targets,
    };
    results.http.push(row);
    return row;
  };

  const year = addDays(today, -364);
  const read = { warm: true };
  await measure(
    `GET /habits (${BIG_HABITS.toLocaleString('en')} habits, rows fresh) vs a raw join of the same rows`,
    [{ method: 'GET', path: '/api/v1/habits', token: big.token }],
    { p50: 3, p99: 2 },
    { ...read, baselineRequests: [{ method: 'GET', path: '/raw/habits', token: big.token }] },
  );
  await measure(
    'GET /habits/:id/scores (365 days)',
    big.habits.map((habit) => ({
      method: 'GET',
      path: `/api/v1/habits/${habit.id}/scores?from=${year}&to=${today}`,
      token: big.token,
    })),
    { p99: 2 },
    read,
  );
  await measure(
    'GET /habits/:id/stats',
    big.habits.map((habit) => ({ method: 'GET', path: `/api/v1/habits/${habit.id}/stats`, token: big.token })),
    { p99: 2 },
    read,
  );
  await measure(
    'GET /analytics/heatmap (one year)',
    [{ method: 'GET', path: `/api/v1/analytics/heatmap?from=${year}`, token: big.token }],
    { p99: 2 },
    read,
  );

  results.peakRssAfter.reads = peakRssMb(api);

  // Each POST writes a day nobody has recorded yet (today, the gaps of the last year, then the days before it), so
  // every request is a real insert with its streak update; the PUTs then send the same days again, changing nothing.
  const slots = [];
  for (let back = 0; slots.length < 300_000; back++) {
    for (const owner of small) {
      for (const habit of owner.habits) {
        if (back > 0 && back <= SMALL_DAYS && (back + habit.id) % 4 !== 0) continue;
        const { habitId, ...body } = dayItem(habit, addDays(today, -back), back);
        slots.push({ token: owner.token, habitId, body });
      }
    }
  }
  const posts = await measure(
    'POST /habits/:id/completions (new day + streak)',
    slots.map(({ token, habitId, body }) => ({
      method: 'POST',
      path: `/api/v1/habits/${habitId}/completions`,
      token,
      body,
    })),
    { throughput: 0.5, p99: 2 },
  );
  if (posts.api.wrapped || posts.baseline.wrapped)
    throw new Error('the POST load ran out of free days: lower BENCH_SECONDS');
  const written = slots.slice(0, Math.min(posts.api.total, posts.baseline.total));
  await measure(
    'PUT /habits/:id/completions/:date (idempotent)',
    written.map(({ token, habitId, body: { date, ...body } }) => ({
      method: 'PUT',
      path: `/api/v1/habits/${habitId}/completions/${date}`,
      token,
      body,
    })),
    { throughput: 0.5, p99: 2 },
  );
  await timedJob('snapshots: incremental run after the load', 'snapshots');
  await timedJob('maintenance', 'maintenance');
  const workerPeak = peakRssMb(worker);
  await worker.stop();

  results.peakRssAfter.writes = peakRssMb(api);

  // Imports: a Loop backup uploaded, then again (nothing changes); its account exported and imported into another.
  const timed = async (label, rows, run) => {
    const start = performance.now();
    const result = await run();
    results.imports.push({ case: label, ms: performance.now() - start, rows });
    return result;
  };
  const backup = loopBackup({ habits: LOOP_HABITS, days: LOOP_DAYS, today });
  const [loopUser, copyUser] = [await register('loopbench'), await register('copybench')];
  const uploadLoop = async () => {
    const form = new FormData();
    form.append('file', new Blob([backup.bytes]), 'Loop Habits Backup.db');
    const response = await fetch(`${api.base}/api/v1/import/loop`, {
      method: 'POST',
      headers: { authorization: `Bearer ${loopUser.accessToken}` },
      body: form,
    });
    if (!response.ok) throw new Error(`loop import: HTTP ${response.status} ${(await response.text()).slice(0, 300)}`);
    return response.json();
  };
  const megabytes = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  const loopLabel = `${LOOP_HABITS} habits × ${LOOP_DAYS} days, ${megabytes(backup.bytes.length)}`;
  await timed(`POST /import/loop: Loop backup (${loopLabel})`, backup.repetitions, uploadLoop);
  const again = await timed('POST /import/loop: the same backup again', backup.repetitions, uploadLoop);
  if (again.completions.created + again.completions.updated !== 0)
    throw new Error('re-importing the backup changed days');
  const exported = await timed('GET /export of that account', backup.repetitions, async () => {
    const response = await fetch(`${api.base}/api/v1/export`, {
      headers: { authorization: `Bearer ${loopUser.accessToken}` },
    });
    return response.text();
  });
  results.imports.at(-1).case += ` (${megabytes(exported.length)})`;
  const loopZip = await timed("GET /export/loop of that account (Loop's CSV zip)", backup.repetitions, async () => {
    const response = await fetch(`${api.base}/api/v1/export/loop`, {
      headers: { authorization: `Bearer ${loopUser.accessToken}` },
    });
    if (!response.ok) throw new Error(`loop export: HTTP ${response.status}`);
    return response.arrayBuffer();
  });
  results.imports.at(-1).case += ` (${megabytes(loopZip.byteLength)})`;
  await timed('POST /import of that export into a new account', backup.repetitions, () =>
    call(api.base, 'POST', '/api/v1/import', copyUser.accessToken, JSON.parse(exported)),
  );
  results.peakRssAfter.imports = peakRssMb(api);

  // The web app drawing the list: the Loop account (its imported habits) and the large account.
  if (browserAvailable()) {
    console.log('browser: the habit list drawn in Chromium');
    results.browser = [
      { habits: LOOP_HABITS, ms: await listDrawnMs(api.base, loopUser.accessToken, LOOP_HABITS), goalMs: 1000 },
      { habits: BIG_HABITS, ms: await listDrawnMs(api.base, big.token, BIG_HABITS), goalMs: 2000 },
    ];
  } else {
    console.log('browser: no Chromium (apt-get install chromium): the browser case is skipped');
  }
  results.rss = {
    api: peakRssMb(api),
    worker: workerPeak,
    baseline: peakRssMb(baseline),
  };
  await stop(baseline);
  await stop(api);
  return results;
}

const scratchDatabases = [];

/** A scratch database on the server DATABASE_URL names, dropped when the run ends. */
async function scratchPostgres(url = process.env.DATABASE_URL) {
  const name = `streakforge_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (statement) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database "${name}"`);
  scratchDatabases.push(() => admin(`drop database if exists "${name}" with (force)`));
  const scratch = new URL(url);
  scratch.pathname = `/${name}`;
  return scratch.toString();
}

/** A scratch database holding a copy of `from`'s rows (pg_dump piped into pg_restore, then analyzed), while `from` is in use. */
async function copyPostgres(from) {
  const to = await scratchPostgres();
  const dump = spawn('pg_dump', ['--format=custom', from], { stdio: ['ignore', 'pipe', 'inherit'] });
  const restore = spawn('pg_restore', ['--no-owner', '--dbname', to], { stdio: ['pipe', 'ignore', 'inherit'] });
  dump.stdout.pipe(restore.stdin);
  const [dumped, restored] = await Promise.all([dump, restore].map((child) => new Promise((r) => child.on('exit', r))));
  if (dumped !== 0 || restored !== 0) throw new Error(`copying ${from}: pg_dump ${dumped}, pg_restore ${restored}`);
  // A restore carries no planner statistics: without them PostgreSQL scans whole tables where an index would do.
  const client = new pg.Client({ connectionString: to });
  await client.connect();
  try {
    await client.query('analyze');
  } finally {
    await client.end();
  }
  return to;
}

try {
  const results = { sqlite: await benchEngine({ databasePath: join(dir, 'api', 'streakforge.db') }) };
  if (process.env.DATABASE_URL) {
    results.postgresql = await benchEngine({
      databasePath: join(dir, 'pg', 'unused.db'),
      databaseUrl: await scratchPostgres(),
    });
  }
  report(results);
} finally {
  for (const child of children) child.kill('SIGKILL');
  for (const drop of scratchDatabases) await drop();
  rmSync(dir, { recursive: true, force: true });
}

function report({ sqlite, postgresql }) {
  const { bulk, http, worker, imports, rss, idleRss, peakRssAfter, stackFloor } = sqlite;
  const pgRun = postgresql;
  const table = [];
  const ratio = (a, b) => a / b;
  const verdict = (met) => (met === undefined ? '' : met ? 'met' : 'MISSED');
  const fmt = (n, digits = 1) =>
    n === undefined ? '' : n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  /** The PostgreSQL columns: the API there, its raw pg baseline, and their ratio. */
  const onPostgres = (value, against, digits = 1) => [
    fmt(value, digits),
    fmt(against, digits),
    value !== undefined && against !== undefined ? fmt(ratio(value, against), 2) : '',
  ];
  table.push([
    `bulk load (${bulk.rows.toLocaleString('en')} rows) vs one raw insert transaction, rows/s`,
    fmt(bulk.api, 0),
    fmt(bulk.raw, 0),
    // Three digits: at two, a ratio just under its goal prints as the goal itself (0.095 as 0.10, MISSED).
    fmt(ratio(bulk.api, bulk.raw), 3),
    '≥ 0.10',
    verdict(ratio(bulk.api, bulk.raw) >= 0.1),
    ...onPostgres(undefined, undefined),
  ]);
  table.push([
    '  vs the baseline server doing the same work',
    fmt(bulk.api, 0),
    fmt(bulk.baseline, 0),
    fmt(ratio(bulk.api, bulk.baseline), 2),
    '',
    '',
    ...onPostgres(pgRun?.bulk.api, pgRun?.bulk.baseline, 0),
  ]);
  for (const [i, row] of http.entries()) {
    const { api, baseline, targets } = row;
    const onPg = pgRun?.http[i]?.api;
    const pgBaseline = pgRun?.http[i]?.baseline;
    const throughput = ratio(api.requestsPerSecond, baseline.requestsPerSecond);
    table.push([
      `${row.case}: req/s`,
      fmt(api.requestsPerSecond, 0),
      fmt(baseline.requestsPerSecond, 0),
      fmt(throughput, 2),
      targets.throughput ? `≥ ${targets.throughput}` : '',
      verdict(targets.throughput && throughput >= targets.throughput),
      ...onPostgres(onPg?.requestsPerSecond, pgBaseline?.requestsPerSecond, 0),
    ]);
    for (const p of ['p50', 'p99']) {
      const r = ratio(Math.max(api[p], 1), Math.max(baseline[p], 1));
      table.push([
        `  latency ${p}, ms`,
        fmt(api[p]),
        fmt(baseline[p]),
        fmt(r, 2),
        targets[p] ? `≤ ${targets[p]}` : '',
        verdict(targets[p] && r <= targets[p]),
        ...onPostgres(onPg?.[p], pgBaseline?.[p]),
      ]);
    }
    table.push([
      '  failed requests',
      String(api.errors),
      String(baseline.errors),
      '',
      '0',
      verdict(api.errors === 0),
      onPg ? String(onPg.errors) : '',
      pgBaseline ? String(pgBaseline.errors) : '',
      '',
    ]);
  }
  const memory = [
    [
      'API idle RSS after start, MB (baseline: its stack floor)',
      idleRss.api,
      stackFloor.api,
      120,
      pgRun?.idleRss.api,
      pgRun?.stackFloor.api,
    ],
    ['API peak RSS, MB', rss.api, rss.baseline, 250, pgRun?.rss.api, pgRun?.rss.baseline],
    [
      'worker idle RSS after start, MB (baseline: its stack floor)',
      idleRss.worker,
      stackFloor.worker,
      100,
      pgRun?.idleRss.worker,
      pgRun?.stackFloor.worker,
    ],
    ['worker peak RSS during its jobs, MB', rss.worker, undefined, 200, pgRun?.rss.worker],
  ];
  for (const [label, value, against, goal, onPg, pgAgainst] of memory)
    table.push([
      label,
      fmt(value),
      fmt(against),
      against ? fmt(ratio(value, against), 2) : '',
      `< ${goal}`,
      verdict(value < goal),
      ...onPostgres(onPg, pgAgainst),
    ]);
  for (const [i, job] of worker.entries())
    table.push([
      `worker ${job.case}, ms`,
      fmt(job.ms, 0),
      '',
      '',
      '',
      `${job.items.toLocaleString('en')} days`,
      ...onPostgres(pgRun?.worker[i]?.ms, undefined, 0),
    ]);
  for (const [i, run] of imports.entries())
    table.push([
      `${run.case}, ms`,
      fmt(run.ms, 0),
      '',
      '',
      '',
      `${fmt(run.rows / (run.ms / 1000), 0)} days/s`,
      ...onPostgres(pgRun?.imports[i]?.ms, undefined, 0),
    ]);

  for (const [i, run] of (sqlite.browser ?? []).entries())
    table.push([
      `web app: list of ${run.habits.toLocaleString('en')} habits drawn, ms`,
      fmt(run.ms, 0),
      '',
      '',
      `< ${run.goalMs.toLocaleString('en')} ms`,
      verdict(run.ms < run.goalMs),
      ...onPostgres(pgRun?.browser?.[i]?.ms, undefined, 0),
    ]);
  const shell = shellSize();
  table.push([
    `web app: JS + CSS, KB gzipped (${fmt(shell.rawKb, 0)} KB raw)`,
    fmt(shell.gzipKb),
    '',
    '',
    '≤ 100 KB',
    verdict(shell.gzipKb <= 100),
    ...onPostgres(undefined, undefined),
  ]);

  const header = [
    'case',
    'StreakForge',
    'baseline',
    'ratio',
    'target',
    '',
    ...(pgRun ? ['on PostgreSQL', 'pg baseline', 'ratio'] : []),
  ];
  const rows = pgRun ? table : table.map((cells) => cells.slice(0, 6));
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((line) => line[i].length)));
  const line = (cells) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}`);
  console.log(
    `\n${CONNECTIONS} connections, ${SECONDS} s per run; StreakForge and baseline on SQLite (baseline = better-sqlite3 + node:http doing the same database work)` +
      (pgRun
        ? '; the last three columns: the API on PostgreSQL, the same baseline on pg (node-postgres), their ratio'
        : ''),
  );
  console.log(
    `stack floor, idle RSS (bench/stack-floor.mjs): Node alone ${fmt(stackFloor.node)} MB; an empty NestJS ` +
      `application context ${fmt(stackFloor.nest)} MB, with the MikroORM module and one read (the worker's floor) ` +
      `${fmt(stackFloor.worker)} MB; NestJS on Fastify answering one route ${fmt(stackFloor.http)} MB, with the ` +
      `MikroORM module (the API's floor) ${fmt(stackFloor.api)} MB`,
  );
  const out = resolve(here, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, 'http.json'),
    `${JSON.stringify({ node: process.version, date: new Date().toISOString(), scale: SCALE, secondsPerRun: SECONDS, connections: CONNECTIONS, bulk, http, worker, imports, rss, idleRss, stackFloor, peakRssAfter, browser: sqlite.browser, shell, ...(pgRun ? { postgresql: pgRun } : {}) }, null, 2)}\n`,
  );
  console.log('wrote bench/results/http.json');
}
