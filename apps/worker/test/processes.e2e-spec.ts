import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, dailyAggregates, summarizeAggregates } from '@streakforge/core';
import { Habit, User, loadAnalyticsHabits, migrateDatabase, openOrm, type MikroORM } from '@streakforge/db';

const JOB = resolve(import.meta.dirname, '../dist/job.js');
const API = resolve(import.meta.dirname, '../../api/dist/main.js');
const run = promisify(execFile);

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function job(name: string, env: NodeJS.ProcessEnv): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [JOB, name], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** A history big enough that a snapshots backfill takes a while: habits × days of daily records, written in bulk. */
async function seed(orm: MikroORM, userId: number, habits: number, days: number): Promise<void> {
  const em = orm.em.fork();
  const user = await em.findOneOrFail(User, userId);
  const created = new Date(`${addDays('2026-11-24', -days)}T12:00:00Z`);
  const ids: number[] = [];
  for (let i = 0; i < habits; i++) {
    const habit = em.create(Habit, { user, name: `habit ${i}`, category: `c${i % 4}`, createdAt: created, updatedAt: created, ...(i % 3 === 1 ? { goalType: 'weekly', timesPerPeriod: 3, periodDays: 7 } : {}) });
    await em.flush();
    ids.push(habit.id);
  }
  const rows = [];
  for (const id of ids) {
    for (let back = 1; back <= days; back++) {
      if ((back * 7 + id) % 5 !== 0) rows.push([id, addDays('2026-11-24', -back), 'done', 1, Date.now(), Date.now()]);
    }
  }
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000);
    await em.execute(
      `insert into habit_completions (habit_id, completion_date, status, value, created_at, updated_at) values ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
      chunk.flat(),
    );
  }
}

function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

describe('worker processes', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let orm: MikroORM;
  let api: ChildProcess;
  let base: string;
  let token: string;
  let userId: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'streakforge-processes-'));
    const databasePath = join(dir, 'data', 'shared.db');
    env = { ...process.env, DATABASE_PATH: databasePath, LOG_LEVEL: 'warn' };
    await migrateDatabase({ databasePath });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    api = spawn(process.execPath, [API], { env: { ...env, PORT: String(port) }, stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`${base}/health/ready`)).ok) break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const register = await fetch(`${base}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'heavy', email: 'heavy@example.org', password: 'correct horse battery' }),
    });
    const session = (await register.json()) as { accessToken: string; user: { id: number } };
    token = session.accessToken;
    userId = session.user.id;
    orm = await openOrm({ databasePath });
    await seed(orm, userId, 150, 730);
  }, 60_000);

  afterAll(async () => {
    api.kill('SIGTERM');
    await orm.close(true);
    rmSync(dir, { recursive: true, force: true });
  });

  it('never run one job twice at once: a held lease turns a run away, an expired one is taken over', async () => {
    await orm.em.fork().execute("insert into job_leases (name, holder, expires_at) values ('maintenance', 'elsewhere:1', ?)", [Date.now() + 60_000]);
    const refused = await job('maintenance', env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('not run, another worker is running it (elsewhere:1)');

    await orm.em.fork().execute("update job_leases set expires_at = ? where name = 'maintenance'", [Date.now() - 1]);
    const taken = await job('maintenance', env);
    expect(taken.code).toBe(0);
    expect(await orm.em.fork().execute("select * from job_leases where name = 'maintenance'")).toEqual([]);
  }, 60_000);

  it('lets two workers started together run a job one after the other, never overlapping', async () => {
    const results = await Promise.all([job('rollover', env), job('rollover', env)]);
    expect(results.map((r) => r.code).sort()).toEqual(results.some((r) => r.code === 1) ? [0, 1] : [0, 0]);
    const runs = await orm.em.fork().execute<{ started_at: number; finished_at: number }[]>(
      "select started_at, finished_at from job_runs where name = 'rollover' order by started_at",
    );
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.started_at).toBeGreaterThanOrEqual(runs[i - 1]!.finished_at);
  }, 60_000);

  it('keeps the API answering reads and writes while snapshots backfill, then serves exactly the recomputation', async () => {
    const habits = (await (await fetch(`${base}/api/v1/habits`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: { id: number }[] };
    const backfill = job('snapshots', env);
    let finished = false;
    void backfill.then(() => (finished = true));
    const statuses: number[] = [];
    let i = 0;
    while (!finished) {
      const habit = habits.items[i % habits.items.length]!;
      const date = addDays('2026-11-23', -(i % 20));
      const write = await fetch(`${base}/api/v1/habits/${habit.id}/completions/${date}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(i % 2 ? { status: 'skipped' } : {}),
      });
      const read = await fetch(`${base}/api/v1/analytics/heatmap?from=2026-11-01`, { headers: { authorization: `Bearer ${token}` } });
      statuses.push(write.status, read.status);
      i++;
    }
    const result = await backfill;
    expect(result.code).toBe(0);
    expect(statuses.length).toBeGreaterThan(4);
    expect(statuses.filter((status) => status >= 300)).toEqual([]);

    const summary = (await (await fetch(`${base}/api/v1/analytics/summary?from=2024-11-26&to=2026-11-24`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      completionRate: number;
      doneDays: number;
    };
    const em = orm.em.fork();
    const user = await em.findOneOrFail(User, userId);
    const all = await loadAnalyticsHabits(em, user);
    const expected = summarizeAggregates(dailyAggregates({ habits: all, from: '2024-11-26', to: '2026-11-24', today: '2026-11-24', weekStart: 1 }));
    expect(summary).toMatchObject({ completionRate: expected.completionRate, doneDays: expected.doneDays });
    const [{ through }] = (await em.execute<{ through: string }[]>('select snapshots_through as through from users where id = ?', [userId])) as [{ through: string }];
    expect(through).toBe('2026-11-23');
  }, 120_000);
});
