// `npm start` end to end from an empty data directory: migrate, then api + worker side by side; a write through the
// API is seen by a worker job; the worker makes a first backup; SIGTERM stops everything cleanly and leaves a
// consistent database.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';

const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

const freePort = () =>
  new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });

describe('npm start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'streakforge-start-'));
  const databasePath = join(dir, 'data', 'streakforge.db');
  let output = '';
  let app;

  // Whatever happened in the test, nothing it started outlives it: SIGTERM, so the launcher stops both apps.
  afterAll(() => {
    if (app && app.exitCode === null && app.signalCode === null) app.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs migrate, api and worker on one fresh database and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const env = { ...process.env, DATABASE_PATH: databasePath, PORT: String(port), LOG_LEVEL: 'info', INIT_CWD: root };
    const started = Date.now();
    app = spawn(process.execPath, ['scripts/start.mjs'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    app.stdout.on('data', (chunk) => (output += chunk));
    app.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise((done) => app.once('exit', (code, signal) => done({ code, signal })));

    const base = `http://127.0.0.1:${port}`;
    let ready = false;
    while (!ready && Date.now() - started < 60_000) {
      ready = await fetch(`${base}/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (!ready) await new Promise((r) => setTimeout(r, 250));
    }
    expect(ready).toBe(true);
    for (let i = 0; i < 200 && !output.includes('StreakForge worker running'); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(output).toContain('StreakForge worker running');
    // A fresh install is backed up at once, not at the first 03:30.
    const backups = join(dir, 'data', 'backups');
    for (let i = 0; i < 40 && !(existsSync(backups) && readdirSync(backups).length > 0); i++)
      await new Promise((r) => setTimeout(r, 250));
    expect(readdirSync(backups)).toEqual([expect.stringMatching(/^streakforge-\d{8}T\d{9}Z\.db$/)]);
    // Both apps log JSON lines (the launcher prefixes each with its app): a request once each, a job with its name
    // and run, no Nest wiring at info.
    const logged = () =>
      output
        .split('\n')
        .map((line) => /^\[(?:api|worker)\] (\{.*)$/.exec(line)?.[1])
        .filter(Boolean)
        .map((line) => JSON.parse(line));
    for (let i = 0; i < 40 && !logged().some((entry) => entry.job === 'backup' && entry.runId); i++)
      await new Promise((r) => setTimeout(r, 250));
    expect(logged().find((entry) => entry.job === 'backup' && entry.runId)).toMatchObject({
      level: 30,
      context: 'JobRunner',
      items: 1,
      msg: expect.stringContaining('backup: succeeded'),
    });
    for (const suffix of ['', '-wal', '-shm']) expect(statSync(databasePath + suffix).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'data', 'jwt-secret')).mode & 0o777).toBe(0o600);

    const json = { 'content-type': 'application/json' };
    const session = await (
      await fetch(`${base}/api/v1/auth/register`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ username: 'starter', email: 'starter@example.org', password: 'correct horse battery' }),
      })
    ).json();
    const auth = { ...json, authorization: `Bearer ${session.accessToken}` };
    const habit = await (
      await fetch(`${base}/api/v1/habits`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'Walk' }) })
    ).json();
    const today = (
      await (
        await fetch(`${base}/api/v1/habits/${habit.id}/completions`, { method: 'POST', headers: auth, body: '{}' })
      ).json()
    ).date;
    expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const requests = () => logged().filter((entry) => entry.msg === 'request completed');
    const ticked = `/api/v1/habits/${habit.id}/completions`;
    for (let i = 0; i < 40 && !requests().some((entry) => entry.req.url === ticked); i++)
      await new Promise((r) => setTimeout(r, 250));
    expect(requests().find((entry) => entry.req.url === ticked)).toMatchObject({ res: { statusCode: 201 } });
    expect(new Set(requests().map((entry) => entry.req.id)).size).toBe(requests().length);
    expect(output).not.toMatch(/RoutesResolver|InstanceLoader|\/api\/v1\/health/);

    const job = await run(process.execPath, ['apps/worker/dist/job.js', 'rollover'], { cwd: root, env });
    expect(job.stdout).toContain('rollover: succeeded');
    const db = new Database(databasePath, { readonly: true });
    try {
      const [{ status }] = db.prepare("select status from job_runs where name = 'rollover'").all();
      expect(status).toBe('succeeded');
      expect(db.prepare('select current, as_of from streaks where habit_id = ?').get(habit.id)).toEqual({
        current: 1,
        as_of: today,
      });
      // The production cost: the test suite's lower scrypt cost comes from its own configuration only.
      expect(db.prepare('select password_hash from users').get().password_hash).toMatch(/^scrypt\$32768\$8\$3\$/);
    } finally {
      db.close();
    }

    const stopAt = Date.now();
    app.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - stopAt).toBeLessThan(10_000);
    expect(output).toMatch(/\[api\].*exited with code 0/);
    expect(output).toMatch(/\[worker\].*exited with code 0/);

    const after = new Database(databasePath);
    try {
      expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(after.prepare('select count(*) as n from habit_completions').get()).toEqual({ n: 1 });
    } finally {
      after.close();
    }
    expect(!existsSync(`${databasePath}-wal`) || statSync(`${databasePath}-wal`).size === 0).toBe(true);
  }, 90_000);
});
