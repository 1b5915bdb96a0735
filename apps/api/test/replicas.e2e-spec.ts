import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, logicalToday } from '@streakforge/core';
import {
  Habit,
  JobRun,
  computeStreakState,
  loadCompletionRecords,
  migrateDatabase,
  openOrm,
  readStreakStates,
  scheduleOf,
  type MikroORM,
} from '@streakforge/db';
import { freshDatabase, type FreshDatabase } from '../../../tooling/test/test-database.mjs';
import { startApiProcess, type ApiProcess } from '../../../tooling/test/processes.mjs';

const JOB = resolve(import.meta.dirname, '../../worker/dist/job.js');
const run = promisify(execFile);
const DAYS = 240;
const CLIENTS = 16;

type Replica = ApiProcess;

/**
 * Several stateless API processes on one database, as behind a load balancer (docker-compose.postgres.yml): writes
 * to one habit alternate between them, and whatever each acknowledged is on disk, in a streak row equal to a full
 * recompute. On PostgreSQL this is what the habit row locks are for; on SQLite, the one write lock.
 */
describe('two API replicas and a worker on one database', () => {
  let database: FreshDatabase;
  let env: NodeJS.ProcessEnv;
  let replicas: Replica[];
  let orm: MikroORM;
  // The processes run on the real clock.
  const today = logicalToday({ now: new Date(), timeZone: 'UTC', dayStartMinutes: 0 });

  beforeAll(async () => {
    database = await freshDatabase('replicas');
    await migrateDatabase(database.options);
    env = {
      ...process.env,
      ...database.env,
      JWT_SECRET: 'one secret that every replica of this deployment shares',
      AUTH_RATE_LIMIT_PER_MINUTE: '1000',
      LOG_LEVEL: 'warn',
    };
    replicas = await Promise.all([startApiProcess(env), startApiProcess(env)]);
    orm = await openOrm(database.options);
  }, 60_000);

  afterAll(async () => {
    for (const replica of replicas ?? []) replica.process.kill('SIGKILL');
    await orm?.close(true);
    await database.remove();
  });

  const call = (replica: Replica, method: string, path: string, token?: string, body?: unknown) =>
    fetch(`${replica.base}/api/v1${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('keep every acknowledged write of a concurrent load split between them, in a streak equal to a recompute', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const registered = await call(a, 'POST', '/auth/register', undefined, {
      username: 'replicated',
      email: 'replicated@example.org',
      password: 'correct horse battery',
    });
    expect(registered.status).toBe(201);
    const { accessToken: token } = (await registered.json()) as { accessToken: string };
    // A session from one replica is good on the other.
    const created = await call(b, 'POST', '/habits', token, { name: 'Daily' });
    expect(created.status).toBe(201);
    const { id: habitId } = (await created.json()) as { id: number };

    // The worker's jobs run meanwhile, once each, from two worker processes started together.
    const jobs = Promise.all(
      ['rollover', 'snapshots', 'rollover', 'snapshots'].map((name) =>
        run(process.execPath, [JOB, name], { env }).then(
          () => 0,
          (error: { code: number }) => error.code,
        ),
      ),
    );
    const acknowledged: string[] = [];
    const failures: string[] = [];
    let next = 0;
    const client = async () => {
      for (let n = next++; n < DAYS; n = next++) {
        const date = addDays(today, -n);
        const reply = await call(n % 2 ? a : b, 'PUT', `/habits/${habitId}/completions/${date}`, token, {
          status: 'done',
        });
        if (reply.ok) acknowledged.push(date);
        else failures.push(`${date}: ${reply.status} ${await reply.text()}`);
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
    const codes = await jobs;
    expect(failures).toEqual([]);
    expect(acknowledged).toHaveLength(DAYS);
    // A job that found its lease taken exits 1 and does not run; none fails.
    expect(codes.every((code) => code === 0 || code === 1)).toBe(true);

    const em = orm.em.fork();
    const records = (await loadCompletionRecords(em, [habitId])).get(habitId)!;
    expect(records.map((record) => record.date).sort()).toEqual([...acknowledged].sort());
    const habit = await em.findOneOrFail(Habit, habitId);
    const stored = (await readStreakStates(em, [habitId])).get(habitId)!;
    const recomputed = computeStreakState({
      schedule: scheduleOf(habit),
      completions: records,
      today: stored.asOf,
      weekStart: 1,
    });
    expect(stored).toEqual(recomputed);
    expect(stored.current).toBe(DAYS);
    for (const replica of replicas) {
      const read = (await (await call(replica, 'GET', `/habits/${habitId}`, token)).json()) as {
        streak: { current: number };
      };
      expect(read.streak.current).toBe(DAYS);
    }
    // Runs of one job never overlapped.
    for (const name of ['rollover', 'snapshots']) {
      const runs = await em.find(JobRun, { name }, { orderBy: { startedAt: 'asc' } });
      expect(runs.length).toBeGreaterThan(0);
      for (let i = 1; i < runs.length; i++)
        expect(runs[i]!.startedAt.getTime()).toBeGreaterThanOrEqual(runs[i - 1]!.finishedAt!.getTime());
    }
    for (const replica of replicas) expect(replica.output).not.toMatch(/"level":50|deadlock/);
  }, 120_000);

  it('go on serving from one replica while the other is killed outright', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const login = await call(b, 'POST', '/auth/login', undefined, {
      login: 'replicated',
      password: 'correct horse battery',
    });
    const { accessToken: token } = (await login.json()) as { accessToken: string };
    expect(login.status).toBe(200);
    const { items } = (await (await call(b, 'GET', '/habits', token)).json()) as { items: { id: number }[] };
    const habitId = items[0]!.id;
    const writes = Array.from({ length: 40 }, (_, n) =>
      call(b, 'PUT', `/habits/${habitId}/completions/${addDays(today, -(DAYS + n))}`, token, { status: 'skipped' }),
    );
    a.process.kill('SIGKILL');
    const statuses = (await Promise.all(writes)).map((reply) => reply.status);
    expect(statuses.every((status) => status === 200 || status === 201)).toBe(true);
    const read = await call(b, 'GET', `/habits/${habitId}/completions?limit=500`, token);
    expect(read.status).toBe(200);
    expect(((await read.json()) as { items: unknown[] }).items).toHaveLength(DAYS + 40);
  }, 60_000);
});
