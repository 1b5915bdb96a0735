import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  addDays,
  dailyAggregates,
  dayNumber,
  isoDate,
  logicalToday,
  startOfWeek,
  summarizeAggregates,
} from '@streakforge/core';
import {
  Habit,
  JobLease,
  Streak,
  User,
  computeStreakState,
  loadAnalyticsHabits,
  loadCompletionRecords,
  migrateDatabase,
  openOrm,
  scheduleOf,
  upsertCompletionDays,
  type CompletionDayRow,
  type MikroORM,
} from '@streakforge/db';
import { freshDatabase, storedRows, type FreshDatabase } from '../../../tooling/test/test-database.mjs';
import { startApiProcess } from '../../../tooling/test/processes.mjs';

const JOB = resolve(import.meta.dirname, '../dist/job.js');
const run = promisify(execFile);
// The API process runs on the real clock, so the history is laid out around the real today.
const today = logicalToday({ now: new Date(), timeZone: 'UTC', dayStartMinutes: 0 });

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
  const created = new Date(`${addDays(today, -days)}T12:00:00Z`);
  const ids: number[] = [];
  for (let i = 0; i < habits; i++) {
    const habit = em.create(Habit, {
      user,
      name: `habit ${i}`,
      category: `c${i % 4}`,
      createdAt: created,
      updatedAt: created,
      ...(i % 3 === 1 ? { goalType: 'weekly', timesPerPeriod: 3, periodDays: 7 } : {}),
    });
    await em.flush();
    ids.push(habit.id);
  }
  const rows: CompletionDayRow[] = [];
  for (const habitId of ids) {
    for (let back = 1; back <= days; back++) {
      if ((back * 7 + habitId) % 5 !== 0)
        rows.push({ habitId, date: addDays(today, -back), status: 'done', value: 1, notes: null });
    }
  }
  await em.transactional((tx) => upsertCompletionDays(tx, rows, new Date()));
}

describe('worker processes', () => {
  let database: FreshDatabase;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let orm: MikroORM;
  let api: Awaited<ReturnType<typeof startApiProcess>>;
  let base: string;
  let token: string;
  let userId: number;

  beforeAll(async () => {
    database = await freshDatabase('processes');
    dir = database.dir;
    env = {
      ...process.env,
      ...database.env,
      BACKUP_DIR: join(dir, 'data', 'backups'),
      JWT_SECRET: 'a shared secret for every process of this test',
      LOG_LEVEL: 'warn',
    };
    await migrateDatabase(database.options);
    api = await startApiProcess(env);
    base = api.base;
    const register = await fetch(`${base}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'heavy', email: 'heavy@example.org', password: 'correct horse battery' }),
    });
    const session = (await register.json()) as { accessToken: string; user: { id: number } };
    token = session.accessToken;
    userId = session.user.id;
    orm = await openOrm(database.options);
    await seed(orm, userId, 150, 730);
  }, 60_000);

  afterAll(async () => {
    api.process.kill('SIGTERM');
    await orm.close(true);
    await database.remove();
  });

  it('never run one job twice at once: a held lease turns a run away, an expired one is taken over', async () => {
    await orm.em.fork().insert(JobLease, {
      name: 'maintenance',
      holder: 'elsewhere:1',
      expiresAt: new Date(Date.now() + 60_000),
    });
    const refused = await job('maintenance', env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('not run, another worker is running it (elsewhere:1)');

    await orm.em.fork().nativeUpdate(JobLease, { name: 'maintenance' }, { expiresAt: new Date(Date.now() - 1) });
    const taken = await job('maintenance', env);
    expect(taken.code).toBe(0);
    expect(await orm.em.fork().find(JobLease, { name: 'maintenance' })).toEqual([]);
  }, 60_000);

  it('lets two workers started together run a job one after the other, never overlapping', async () => {
    const results = await Promise.all([job('rollover', env), job('rollover', env)]);
    expect(results.map((r) => r.code).sort()).toEqual(results.some((r) => r.code === 1) ? [0, 1] : [0, 0]);
    const runs = await storedRows<{ started_at: number; finished_at: number }>(
      orm.em.fork(),
      "select started_at, finished_at from job_runs where name = 'rollover' order by started_at",
    );
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.started_at).toBeGreaterThanOrEqual(runs[i - 1]!.finished_at);
  }, 60_000);

  it('serves concurrent writes with no failure while every worker job runs, and keeps every one of them', async () => {
    const habits = (
      (await (await fetch(`${base}/api/v1/habits`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
        items: { id: number }[];
      }
    ).items;
    const jobs = (async () => {
      const codes: Record<string, number> = {};
      for (const name of ['snapshots', 'rollover', 'backup', 'maintenance']) codes[name] = (await job(name, env)).code;
      return codes;
    })();
    let finished = false;
    void jobs.then(() => (finished = true));

    // Every write goes to its own (habit, day), so each acknowledged one has exactly one expected state.
    const acknowledged: { habitId: number; date: string; status: string }[] = [];
    const failures: string[] = [];
    let next = 0;
    const client = async () => {
      while (!finished) {
        const n = next++;
        const habit = habits[n % habits.length]!;
        const date = addDays(today, -Math.floor(n / habits.length));
        const status = n % 3 === 0 ? 'skipped' : 'done';
        const write = await fetch(`${base}/api/v1/habits/${habit.id}/completions/${date}`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ status }),
        });
        if (write.ok) acknowledged.push({ habitId: habit.id, date, status });
        else failures.push(`PUT ${date}: ${write.status} ${await write.text()}`);
        if (n % 4 === 0) {
          const read = await fetch(`${base}/api/v1/analytics/heatmap?from=${addDays(today, -30)}`, {
            headers: { authorization: `Bearer ${token}` },
          });
          if (!read.ok) failures.push(`heatmap: ${read.status} ${await read.text()}`);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, client));
    expect(await jobs).toEqual({ snapshots: 0, rollover: 0, backup: 0, maintenance: 0 });
    expect(failures).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(50);
    expect(api.output).not.toMatch(/SQLITE_BUSY|database is locked|"level":50/);

    const em = orm.em.fork();
    const records = await loadCompletionRecords(
      em,
      habits.map((habit) => habit.id),
    );
    for (const write of acknowledged) {
      expect(records.get(write.habitId)!.find((record) => record.date === write.date)?.status).toBe(write.status);
    }
    const stored = await em.find(Streak, { habit: { $in: habits.map((habit) => habit.id) } }, { populate: ['habit'] });
    expect(stored).toHaveLength(habits.length);
    for (const row of stored) {
      const expected = computeStreakState({
        schedule: scheduleOf(row.habit),
        completions: records.get(row.habit.id)!,
        today: row.asOf,
        weekStart: 1,
      });
      expect({ habit: row.habit.id, current: row.current, longest: row.longest, score: row.score }).toEqual({
        habit: row.habit.id,
        current: expected.current,
        longest: expected.longest,
        score: expected.score,
      });
    }

    const owned = (path: string) => (statSync(path).mode & 0o077) === 0;
    const backups = readdirSync(join(dir, 'data', 'backups'));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(database.engine === 'sqlite' ? /\.db$/ : /\.dump$/);
    const databaseFiles = database.engine === 'sqlite' ? [env['DATABASE_PATH']!, `${env['DATABASE_PATH']!}-wal`] : [];
    expect(
      [...databaseFiles, join(dir, 'data', 'backups'), join(dir, 'data', 'backups', backups[0]!)].filter(
        (path) => !owned(path),
      ),
    ).toEqual([]);

    const summary = (await (
      await fetch(`${base}/api/v1/analytics/summary?from=${addDays(today, -728)}&to=${today}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as {
      completionRate: number;
      doneDays: number;
    };
    const user = await em.findOneOrFail(User, userId);
    const all = await loadAnalyticsHabits(em, user);
    const expected = summarizeAggregates(
      dailyAggregates({ habits: all, from: addDays(today, -728), to: today, today, weekStart: 1 }),
    );
    expect(summary).toMatchObject({ completionRate: expected.completionRate, doneDays: expected.doneDays });
    const { snapshotsThrough } = await orm.em.fork().findOneOrFail(User, userId);
    // Settled days only: up to the day before the current week (weeks from Monday here).
    expect(snapshotsThrough).toBe(isoDate(startOfWeek(dayNumber(today), 1) - 1));
  }, 120_000);
});
