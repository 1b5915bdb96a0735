import { copyFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { makeHabit, makeUser, startWorker, write, type TestWorker } from './support.js';

const dump = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("select name from sqlite_master where type = 'table' order by name").all() as {
      name: string;
    }[];
    return Object.fromEntries(tables.map(({ name }) => [name, db.prepare(`select * from "${name}" order by 1`).all()]));
  } finally {
    db.close();
  }
};

describe('backup and maintenance jobs', () => {
  let t: TestWorker;

  beforeAll(async () => {
    t = await startWorker('2026-11-24T12:00:00Z', 2);
    const em = t.em();
    const user = await makeUser(em, 'backedup');
    const habit = await makeHabit(em, user, { name: 'daily', createdAt: new Date('2026-10-01T12:00:00Z') });
    await write(t.em(), habit, [{ date: '2026-11-23', status: 'done', value: 1 }], t.clock.now());
  });
  afterAll(() => t.close());

  it('writes a verified, owner-only online copy that restores to an identical database', async () => {
    const outcome = await t.run('backup');
    expect(outcome).toMatchObject({ status: 'succeeded', items: 1 });
    const [file] = readdirSync(t.backupDir);
    expect(file).toBe('streakforge-20261124T120000000Z.db');
    expect(statSync(t.backupDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(t.backupDir, file!)).mode & 0o777).toBe(0o600);

    const restored = join(t.dir, 'restored.db');
    copyFileSync(join(t.backupDir, file!), restored);
    const live = dump(t.databasePath);
    const copy = dump(restored);
    expect(copy).toEqual({ ...live, job_leases: copy['job_leases'], job_runs: copy['job_runs'] });
    expect((copy['habit_completions'] as unknown[]).length).toBe(1);
  });

  it('keeps only the newest BACKUP_KEEP copies', async () => {
    for (const time of ['2026-11-25T03:30:00Z', '2026-11-26T03:30:00Z']) {
      t.clock.set(time);
      await t.run('backup');
    }
    expect(readdirSync(t.backupDir).sort()).toEqual([
      'streakforge-20261125T033000000Z.db',
      'streakforge-20261126T033000000Z.db',
    ]);
  });

  it('checkpoints the whole WAL, drops lapsed rate-limit counts, optimizes and checks integrity', async () => {
    const now = t.clock.now().getTime();
    await t
      .em()
      .execute("insert into rate_limits (key, hits, expires_at) values ('lapsed', 3, ?), ('current', 1, ?)", [
        now - 1,
        now + 60_000,
      ]);
    expect(statSync(`${t.databasePath}-wal`).size).toBeGreaterThan(0);
    const outcome = await t.run('maintenance');
    expect(outcome).toMatchObject({ status: 'succeeded' });
    if (outcome.status !== 'succeeded') return;
    expect(outcome.detail).toMatch(/^1 expired rate-limit count\(s\) dropped; WAL [1-9]\d* → 0 bytes; integrity ok$/);
    expect(await t.rows('select key from rate_limits')).toEqual([{ key: 'current' }]);
  });

  it('records every run, failed ones with their error', async () => {
    const runs = await t
      .em()
      .execute<{ name: string; status: string; items: number; finished_at: number | null; error: string | null }[]>(
        'select name, status, items, finished_at, error from job_runs order by id',
      );
    expect(runs.map((run) => `${run.name}:${run.status}`)).toEqual([
      'backup:succeeded',
      'backup:succeeded',
      'backup:succeeded',
      'maintenance:succeeded',
    ]);
    expect(runs.every((run) => run.finished_at !== null && run.error === null)).toBe(true);
  });
});
