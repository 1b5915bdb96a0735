import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DEFAULT_LOCK_TIMEOUT_MS, SettableClock, migrateDatabase } from '@streakforge/db';
import { createWorker } from '../src/bootstrap.js';
import { JobRunner } from '../src/jobs/job-runner.js';
import { Jobs } from '../src/jobs/jobs.js';
import { startWorker, type TestWorker } from './support.js';
import { freshDatabase } from '../../../tooling/test/test-database.mjs';

describe('job runs', () => {
  let t: TestWorker;

  beforeAll(async () => {
    t = await startWorker();
  });
  afterAll(() => t.close());

  it('records a failing job with its error and frees the lease', async () => {
    const outcome = await t.worker.get(JobRunner).run('snapshots', () => Promise.reject(new Error('disk full')));
    expect(outcome).toMatchObject({ status: 'failed', error: 'disk full' });
    const [run] = await t.rows<{ status: string; error: string; finished_at: number | null }>(
      'select status, error, finished_at from job_runs order by id desc limit 1',
    );
    expect(run).toMatchObject({ status: 'failed', error: 'disk full' });
    expect(run!.finished_at).not.toBeNull();
    expect(await t.rows('select * from job_leases')).toEqual([]);
  });

  it('renews the lease while a long job runs, so no other worker takes it over', async () => {
    const worker = await createWorker(
      {
        ...t.database.options,
        lockTimeoutMs: DEFAULT_LOCK_TIMEOUT_MS,
        backupDir: t.backupDir,
        backupKeep: 1,
        logLevel: 'silent',
        jobHeartbeatMs: 20,
      },
      { schedule: false, clock: t.clock },
    );
    const started = t.clock.now().toISOString();
    const expiry = async () =>
      (await t.rows<{ expires_at: number }>("select expires_at from job_leases where name = 'long'"))[0]?.expires_at;
    try {
      const outcome = await worker.get(JobRunner).run('long', async () => {
        const first = await expiry();
        // The job's clock moves on; the heartbeat moves the lease's end with it.
        t.clock.set(new Date(t.clock.now().getTime() + 60_000).toISOString());
        while ((await expiry()) === first) await new Promise((done) => setTimeout(done, 10));
        return { items: 1 };
      });
      expect(outcome).toMatchObject({ status: 'succeeded' });
      expect(await expiry()).toBeUndefined();
    } finally {
      t.clock.set(started);
      await worker.close();
    }
  });

  it('fails a backup that cannot be written, keeping no partial file', async () => {
    const blocked = join(t.dir, 'not-a-directory');
    writeFileSync(blocked, 'x');
    const worker = await createWorker(
      {
        ...t.database.options,
        lockTimeoutMs: DEFAULT_LOCK_TIMEOUT_MS,
        backupDir: join(blocked, 'backups'),
        backupKeep: 1,
        logLevel: 'silent',
      },
      { schedule: false },
    );
    try {
      const outcome = await worker.get(Jobs).run('backup');
      expect(outcome.status).toBe('failed');
    } finally {
      await worker.close();
    }
    // The SQLite file's data directory, and nothing else: no backup, no partial file.
    expect(readdirSync(t.dir).sort()).toEqual([...(t.database.engine === 'sqlite' ? ['data'] : []), 'not-a-directory']);
    expect(readdirSync(t.dir, { recursive: true }).filter((name) => /partial|streakforge-/.test(String(name)))).toEqual(
      [],
    );
  });

  it('fails a backup whose file name is taken, leaving the directory as it was', async () => {
    const backupDir = join(t.dir, 'after-write');
    const worker = await createWorker(
      {
        ...t.database.options,
        lockTimeoutMs: DEFAULT_LOCK_TIMEOUT_MS,
        backupDir,
        backupKeep: 1,
        logLevel: 'silent',
      },
      { schedule: false, clock: new SettableClock(new Date('2026-11-24T03:30:00.000Z')) },
    );
    // The backup's own name is taken by a directory, so it cannot be put in place.
    const name = `streakforge-20261124T033000000Z.${t.database.engine === 'sqlite' ? 'db' : 'dump'}`;
    mkdirSync(join(backupDir, name, 'occupied'), { recursive: true });
    try {
      const outcome = await worker.get(Jobs).run('backup');
      expect(outcome.status).toBe('failed');
    } finally {
      await worker.close();
    }
    expect(readdirSync(backupDir)).toEqual([name]);
  });
});

describe('the worker process wiring', () => {
  it('schedules every job when run as the worker', async () => {
    const t = await startWorker();
    await t.worker.close();
    const worker = await createWorker(
      {
        ...t.database.options,
        lockTimeoutMs: DEFAULT_LOCK_TIMEOUT_MS,
        backupDir: t.backupDir,
        backupKeep: 1,
        logLevel: 'silent',
      },
      { schedule: true },
    );
    try {
      const registry = worker.get(SchedulerRegistry);
      expect(registry.getIntervals().sort()).toEqual(['rollover', 'snapshots']);
      expect([...registry.getCronJobs().keys()].sort()).toEqual(['backup', 'maintenance']);
    } finally {
      await worker.close();
      await t.database.remove();
    }
  });

  it('refuses to start on a database with pending migrations', async () => {
    const database = await freshDatabase('unmigrated');
    const dir = database.dir;
    try {
      await expect(
        createWorker(
          {
            ...database.options,
            lockTimeoutMs: DEFAULT_LOCK_TIMEOUT_MS,
            backupDir: dir,
            backupKeep: 1,
            logLevel: 'silent',
          },
          { schedule: false },
        ),
      ).rejects.toThrow(/pending migrations/);
      await migrateDatabase(database.options);
      const worker = await createWorker(
        {
          ...database.options,
          lockTimeoutMs: DEFAULT_LOCK_TIMEOUT_MS,
          backupDir: dir,
          backupKeep: 1,
          logLevel: 'silent',
        },
        { schedule: false },
      );
      await worker.close();
    } finally {
      await database.remove();
    }
  });
});
