import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  Completion,
  Habit,
  JobRun,
  User,
  activeHabitStreaks,
  checkpointWal,
  copyDatabaseTo,
  deleteAllSnapshots,
  exportedHabitRows,
  fileIntegrityCheck,
  habitDays,
  integrityCheck,
  lastSucceededRunAt,
  listHabitsWithStreaks,
  markDaysDirty,
  optimizeDatabase,
  readDirtyDays,
  readDayRows,
  readSnapshots,
  recordedDayKeys,
  releaseJobLease,
  replaceSnapshotDays,
  settleSnapshots,
  storedDay,
  takeJobLease,
  type MikroORM,
} from '../src/index.js';
import { itOnSqlite, openFreshOrm, stamped, type FreshDatabase } from './support.js';

let db: FreshDatabase;
let orm: MikroORM;
let user: User;
let read: Habit;
let walk: Habit;

beforeAll(async () => {
  ({ db, orm } = await openFreshOrm('queries'));
  const em = orm.em.fork();
  user = em.create(User, { username: 'queries', email: 'queries@example.org', passwordHash: 'x', ...stamped() });
  read = em.create(Habit, { user, name: 'Read', category: 'mind', position: 1, ...stamped() });
  walk = em.create(Habit, { user, name: 'Walk', archived: true, position: 0, externalId: 'loop:1', ...stamped() });
  const at = new Date('2026-11-20T08:00:00Z');
  for (const date of ['2026-11-18', '2026-11-20'])
    em.create(Completion, { habit: read, date, notes: date === '2026-11-20' ? 'a chapter' : null, ...stamped(at) });
  await em.flush();
});

afterAll(async () => {
  await orm.close(true);
  await db.remove();
});

describe('day reads', () => {
  it('read days by habit and range, one day with its stamps, and which pairs hold a day', async () => {
    const em = orm.em.fork();
    expect(await readDayRows(em, [], { from: '2026-01-01', to: '2026-12-31' })).toEqual([]);
    expect(await readDayRows(em, [read.id, walk.id], { from: '2026-11-19', to: '2026-11-30' })).toEqual([
      { habitId: read.id, date: '2026-11-20', status: 'done', value: 1, notes: 'a chapter' },
    ]);
    expect((await habitDays(em, read.id)).map((day) => day.date)).toEqual(['2026-11-18', '2026-11-20']);
    expect(await storedDay(em, read.id, '2026-11-19')).toBeNull();
    expect(await storedDay(em, read.id, '2026-11-20')).toMatchObject({
      status: 'done',
      notes: 'a chapter',
      createdAt: new Date('2026-11-20T08:00:00Z'),
    });
    expect(await recordedDayKeys(em, [], ['2026-11-20'])).toEqual(new Set());
    expect(await recordedDayKeys(em, [read.id, walk.id], ['2026-11-18', '2026-11-19'])).toEqual(
      new Set([`${read.id}:2026-11-18`]),
    );
  });
});

describe('habit reads', () => {
  it('list by position with the archived and category filters, and read what the exports need', async () => {
    const em = orm.em.fork();
    const names = async (filter: Parameters<typeof listHabitsWithStreaks>[2]) =>
      (await listHabitsWithStreaks(em, user.id, filter)).map((row) => row.name);
    expect(await names({ archived: 'all' })).toEqual(['Walk', 'Read']);
    expect(await names({ archived: 'true' })).toEqual(['Walk']);
    expect(await names({ archived: 'false', category: 'mind' })).toEqual(['Read']);
    expect(await names({ archived: 'false', category: 'body' })).toEqual([]);
    const [listed] = await listHabitsWithStreaks(em, user.id, { archived: 'true' });
    expect(listed).toMatchObject({ archived: true, createdAt: new Date('2026-01-01T00:00:00Z'), asOf: null });
    expect(await activeHabitStreaks(em, user.id)).toEqual([
      { id: read.id, name: 'Read', category: 'mind', current: null, asOf: null },
    ]);
    expect(
      (await exportedHabitRows(em, user.id)).map(({ name, archived, externalId }) => ({ name, archived, externalId })),
    ).toEqual([
      { name: 'Walk', archived: true, externalId: 'loop:1' },
      { name: 'Read', archived: false, externalId: null },
    ]);
  });
});

describe('job leases and runs', () => {
  it('let one holder run a job until its lease lapses, and remember the last success', async () => {
    const em = orm.em.fork();
    const now = new Date('2026-11-24T12:00:00Z');
    const until = new Date('2026-11-24T12:10:00Z');
    const take = (holder: string, at: Date) =>
      em.transactional((tx) => takeJobLease(tx, { name: 'backup', holder, now: at, expiresAt: until }));
    expect(await take('a', now)).toBe('a');
    expect(await take('b', now)).toBe('a');
    expect(await take('b', new Date('2026-11-24T12:11:00Z'))).toBe('b');
    await em.transactional((tx) => releaseJobLease(tx, 'backup', 'a'));
    expect(await take('a', now)).toBe('b');
    await em.transactional((tx) => releaseJobLease(tx, 'backup', 'b'));
    expect(await take('a', now)).toBe('a');

    expect(await lastSucceededRunAt(em, 'backup')).toBeNull();
    em.create(JobRun, { name: 'backup', holder: 'a', startedAt: now, status: 'succeeded' });
    em.create(JobRun, { name: 'backup', holder: 'a', startedAt: until, status: 'failed' });
    await em.flush();
    expect(await lastSucceededRunAt(em, 'backup')).toEqual(now);
  });
});

describe('snapshots', () => {
  it('replace days, settle through a day with the marks read, and start over', async () => {
    const em = orm.em.fork();
    const range = { from: '2026-10-01', to: '2026-11-30' };
    expect(await readDirtyDays(em, user.id, range)).toEqual({ everything: false, days: [], marks: [] });
    await em.transactional((tx) => markDaysDirty(tx, user.id, '2026-11-01', '2026-11-02'));
    const dirty = await readDirtyDays(em, user.id, range);
    expect(dirty).toMatchObject({ everything: false, days: ['2026-11-01', '2026-11-02'] });
    expect(dirty.marks).toHaveLength(1);
    // A mark written after the read is not the run's to delete.
    await em.transactional((tx) => markDaysDirty(tx, user.id, '2026-11-02', '2026-11-03'));
    const day = {
      date: '2026-11-01',
      category: null,
      active: 1,
      qualifying: 1,
      considered: 1,
      consideredQualifying: 1,
      doneDays: 1,
    };
    await em.transactional((tx) => replaceSnapshotDays(tx, user.id, [], []));
    await em.transactional((tx) => replaceSnapshotDays(tx, user.id, ['2026-11-01', '2026-11-02'], [day]));
    expect(await readSnapshots(em, user.id, { from: '2026-11-01', to: '2026-11-02' })).toEqual([day]);
    await em.transactional((tx) => settleSnapshots(tx, user.id, { through: '2026-11-02', marks: dirty.marks }));
    expect(await readDirtyDays(em, user.id, range)).toMatchObject({ days: ['2026-11-02', '2026-11-03'] });
    expect((await orm.em.fork().findOneOrFail(User, user.id)).snapshotsThrough).toBe('2026-11-02');
    await deleteAllSnapshots(em, user.id);
    expect(await readSnapshots(em, user.id, { from: '2026-11-01', to: '2026-11-02' })).toEqual([]);
  });
});

describe('maintenance', () => {
  it('refreshes the planner statistics on either engine', async () => {
    await expect(optimizeDatabase(orm.em.fork())).resolves.toBeUndefined();
  });

  itOnSqlite('checkpoints the WAL, checks integrity, and copies the database to a file that checks ok', async () => {
    const em = orm.em.fork();
    expect(await checkpointWal(em)).toBe(true);
    expect(await integrityCheck(em)).toBe('ok');
    const copy = join(db.dir, 'copy.db');
    await copyDatabaseTo(em, copy);
    expect(existsSync(copy)).toBe(true);
    expect(fileIntegrityCheck(copy)).toBe('ok');
    expect(() => fileIntegrityCheck(join(db.dir, 'missing.db'))).toThrow();
  });
});
