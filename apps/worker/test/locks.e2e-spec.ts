import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DatabaseBusyError } from '@streakforge/db';
import { holdWriteLock, type WriteLock } from '../../../tooling/test/hold-write-lock.mjs';
import { createWorker } from '../src/bootstrap.js';
import { Jobs } from '../src/jobs/jobs.js';
import { startWorker, type TestWorker } from './support.js';

const WORKER = resolve(import.meta.dirname, '../dist/main.js');

describe('the worker while another process holds the write lock', () => {
  let t: TestWorker;
  let lock: WriteLock | undefined;

  beforeEach(async () => {
    t = await startWorker();
    await t.worker.close();
  });
  afterEach(async () => {
    await lock?.release();
    lock = undefined;
    await t.close();
  });

  it('fails the job with a clear error and runs it normally once the lock is gone', async () => {
    const worker = await createWorker(
      { databasePath: t.databasePath, lockTimeoutMs: 300, backupDir: t.backupDir, backupKeep: 1, logLevel: 'silent' },
      { schedule: false },
    );
    try {
      lock = await holdWriteLock(t.databasePath);
      await expect(worker.get(Jobs).run('rollover')).rejects.toBeInstanceOf(DatabaseBusyError);
      await lock.release();
      lock = undefined;
      expect(await worker.get(Jobs).run('rollover')).toMatchObject({ status: 'succeeded' });
    } finally {
      await worker.close();
    }
  });

  it('keeps its schedule through the lock and stops on SIGTERM', async () => {
    lock = await holdWriteLock(t.databasePath);
    const child = spawn(process.execPath, [WORKER], {
      // The next job waits this long for the lock the test releases on seeing the first fail: long enough that a
      // loaded machine's test process still releases it within that job's wait.
      env: { ...process.env, DATABASE_PATH: t.databasePath, BACKUP_DIR: t.backupDir, DATABASE_LOCK_TIMEOUT_MS: '5000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const seen = (text: string) =>
      new Promise<void>((done) => {
        const look = () => output.includes(text) && done();
        child.stdout!.on('data', (chunk: Buffer) => ((output += chunk.toString()), look()));
        child.stderr!.on('data', (chunk: Buffer) => ((output += chunk.toString()), look()));
        look();
      });
    const exited = new Promise<number | null>((done) => child.once('exit', done));

    try {
      await seen('rollover: could not run: the database is locked by another process');
      await lock.release();
      lock = undefined;
      // The catch-up goes on to the next jobs in the same process, which now run.
      await seen('snapshots: succeeded');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toContain('Worker received SIGTERM; stopping');
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});
