import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DEFAULT_LOCK_TIMEOUT_MS, SettableClock, migrateDatabase } from '@streakforge/db';
import { createWorker } from '../src/bootstrap.js';
import { JobRunner } from '../src/jobs/job-runner.js';
import { Jobs } from '../src/jobs/jobs.js';
import { startWorker, type TestWorker } from './support.js';

describe('job runs', () => {
  let t: TestWorker;

  beforeAll(async () => {
    t = await startWorker();
  });
  afterAll(() => t.close());

  it('records a failing job with its error and frees the lease', async () => {
    const outcome = await t.worker.get(JobRunner).run('snapshots', () => Promise.reject(new Error('disk full')));
    expect(outcome).toMatchObject({ status: 'failed', error: 'disk full' });
    const [run] = await t
      .em()
      .execute<{ status: string; error: string; finished_at: number | null }[]>(
        'select status, error, finished_at from job_runs order by id desc limit 1',
      );
    expect(run).toMatchObject({ status: 'failed', error: 'disk full' });
    expect(run!.finished_at).not.toBeNull();
    expect(await t.em().execute('select * from job_leases')).toEqual([]);
  });

  it('fails a backup that cannot be written, keeping no partial file', async () => {
    const blocked = join(t.dir, 'not-a-directory');
    writeFileSync(blocked, 'x');
    const worker = await createWorker(
      {
        databasePath: t.databasePath,
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
    expect(readdirSync(t.dir).sort()).toEqual(['data', 'not-a-directory']);
    expect(readdirSync(join(t.dir, 'data')).filter((name) => /partial|streakforge-/.test(name))).toEqual([]);
  });

  it('fails a backup whose file name is taken, leaving the directory as it was', async () => {
    const backupDir = join(t.dir, 'after-write');
    const worker = await createWorker(
      {
        databasePath: t.databasePath,
        lockTimeoutMs: DEFAULT_LOCK_TIMEOUT_MS,
        backupDir,
        backupKeep: 1,
        logLevel: 'silent',
      },
      { schedule: false, clock: new SettableClock(new Date('2026-11-24T03:30:00.000Z')) },
    );
    // The backup's own name is taken by a directory, so it cannot be put in place.
    mkdirSync(join(backupDir, 'streakforge-20261124T033000000Z.db', 'occupied'), { recursive: true });
    try {
      const outcome = await worker.get(Jobs).run('backup');
      expect(outcome.status).toBe('failed');
    } finally {
      await worker.close();
    }
    expect(readdirSync(backupDir)).toEqual(['streakforge-20261124T033000000Z.db']);
  });
});

describe('the worker process wiring', () => {
  it('schedules every job when run as the worker', async () => {
    const t = await startWorker();
    await t.worker.close();
    const worker = await createWorker(
      {
        databasePath: t.databasePath,
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
      rmSync(t.dir, { recursive: true, force: true });
    }
  });

  it('refuses to start on a database with pending migrations', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'streakforge-unmigrated-'));
    try {
      const databasePath = join(dir, 'old.db');
      await expect(
        createWorker(
          { databasePath, lockTimeoutMs: DEFAULT_LOCK_TIMEOUT_MS, backupDir: dir, backupKeep: 1, logLevel: 'silent' },
          { schedule: false },
        ),
      ).rejects.toThrow(/pending migrations/);
      await migrateDatabase({ databasePath });
      const worker = await createWorker(
        { databasePath, lockTimeoutMs: DEFAULT_LOCK_TIMEOUT_MS, backupDir: dir, backupKeep: 1, logLevel: 'silent' },
        { schedule: false },
      );
      await worker.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
