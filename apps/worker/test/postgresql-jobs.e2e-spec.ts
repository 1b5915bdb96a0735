import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_LOCK_TIMEOUT_MS, RateLimit, openOrm } from '@streakforge/db';
import { createWorker } from '../src/bootstrap.js';
import { Jobs } from '../src/jobs/jobs.js';
import { freshDatabase, storedRows, type FreshDatabase } from '../../../tooling/test/test-database.mjs';
import { makeHabit, makeUser, startWorker, write, type TestWorker } from './support.js';

const run = promisify(execFile);

/** The PostgreSQL side of the backup and maintenance jobs (the SQLite side: maintenance.e2e-spec.ts). */
describe('backup and maintenance on PostgreSQL', () => {
  let t: TestWorker;

  beforeAll(async () => {
    t = await startWorker('2026-11-24T12:00:00Z', 2);
    const em = t.em();
    const user = await makeUser(em, 'dumped');
    const habit = await makeHabit(em, user, { name: 'daily', createdAt: new Date('2026-10-01T12:00:00Z') });
    await write(t.em(), habit, [{ date: '2026-11-23', status: 'done', value: 1 }], t.clock.now());
  });
  afterAll(() => t.close());

  it('dumps the database with pg_dump, owner-only, into a file that restores to the same rows', async () => {
    const outcome = await t.run('backup');
    expect(outcome).toMatchObject({ status: 'succeeded', items: 1 });
    const [file] = readdirSync(t.backupDir);
    expect(file).toBe('streakforge-20261124T120000000Z.dump');
    expect(statSync(join(t.backupDir, file!)).mode & 0o777).toBe(0o600);

    const restored = await freshDatabase('restored');
    try {
      await run('pg_restore', ['--no-owner', `--dbname=${restored.options.databaseUrl}`, join(t.backupDir, file!)]);
      const rows = async (database: FreshDatabase['options']) => {
        const orm = await openOrm(database);
        try {
          return await storedRows(
            orm.em.fork(),
            'select h.name, c.completion_date as date, c.status from habit_completions c join habits h on h.id = c.habit_id order by c.id',
          );
        } finally {
          await orm.close(true);
        }
      };
      expect(await rows(restored.options)).toEqual(await rows(t.database.options));
      expect(await rows(restored.options)).toEqual([{ name: 'daily', date: '2026-11-23', status: 'done' }]);
    } finally {
      await restored.remove();
    }
  });

  it('keeps only the newest BACKUP_KEEP dumps', async () => {
    for (const time of ['2026-11-25T03:30:00Z', '2026-11-26T03:30:00Z']) {
      t.clock.set(time);
      expect(await t.run('backup')).toMatchObject({ status: 'succeeded' });
    }
    expect(readdirSync(t.backupDir).sort()).toEqual([
      'streakforge-20261125T033000000Z.dump',
      'streakforge-20261126T033000000Z.dump',
    ]);
  });

  it('says that backups are the operator’s when pg_dump is not on the PATH, and writes nothing', async () => {
    const path = process.env['PATH'];
    const backupDir = join(t.dir, 'no-pg-dump');
    process.env['PATH'] = '/nonexistent';
    const worker = await createWorker(
      { ...t.database.options, lockTimeoutMs: DEFAULT_LOCK_TIMEOUT_MS, backupDir, backupKeep: 1, logLevel: 'silent' },
      { schedule: false },
    );
    try {
      const outcome = await worker.get(Jobs).run('backup');
      expect(outcome).toMatchObject({ status: 'succeeded', items: 0 });
      expect(outcome.status === 'succeeded' && outcome.detail).toMatch(/no pg_dump on the PATH.*your own tools/);
    } finally {
      process.env['PATH'] = path;
      await worker.close();
    }
    expect(() => readdirSync(backupDir)).toThrow();
  });

  it('drops lapsed rate-limit counts, analyzes, and says which SQLite steps it skipped', async () => {
    const now = t.clock.now().getTime();
    const em = t.em();
    await em.insertMany(RateLimit, [
      { key: 'lapsed', hits: 3, expiresAt: now - 1 },
      { key: 'current', hits: 1, expiresAt: now + 60_000 },
    ]);
    const outcome = await t.run('maintenance');
    expect(outcome).toMatchObject({ status: 'succeeded' });
    expect(outcome.status === 'succeeded' && outcome.detail).toBe(
      '1 expired rate-limit count(s) dropped; analyze done; WAL checkpoint and integrity_check skipped (SQLite only; PostgreSQL manages its own)',
    );
    expect((await t.em().find(RateLimit, {})).map((limit) => limit.key)).toEqual(['current']);
  });
});
