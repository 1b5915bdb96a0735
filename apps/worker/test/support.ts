import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import {
  dailyAggregates,
  dayNumber,
  isoDate,
  startOfWeek,
  type CompletionRecord,
  type DayAggregate,
  type IsoDate,
} from '@streakforge/core';
import {
  SettableClock,
  Completion,
  DEFAULT_LOCK_TIMEOUT_MS,
  Habit,
  MikroORM,
  User,
  loadAnalyticsHabits,
  logicalTodayOf,
  markRecordsChanged,
  migrateDatabase,
  recomputeStreak,
  readSnapshots,
  type EntityManager,
} from '@streakforge/db';
import { createWorker } from '../src/bootstrap.js';
import { Jobs, type JobName } from '../src/jobs/jobs.js';
import { freshDatabase, storedRows, type FreshDatabase } from '../../../tooling/test/test-database.mjs';

export interface TestWorker {
  worker: INestApplicationContext;
  clock: SettableClock;
  dir: string;
  /** The SQLite file (unused on PostgreSQL, where `database.options.databaseUrl` is set). */
  databasePath: string;
  database: FreshDatabase;
  backupDir: string;
  em(): EntityManager;
  /** Rows from the test's own SQL, as SQLite shows them on either engine (`storedRows`). */
  rows<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  run(name: JobName): ReturnType<Jobs['run']>;
  close(): Promise<void>;
}

/**
 * The worker's module graph (jobs on demand, no schedule) on a fresh migrated database of the suite's engine, with a
 * pinned clock.
 */
export async function startWorker(now = '2026-11-24T12:00:00Z', backupKeep = 3): Promise<TestWorker> {
  const database = await freshDatabase('worker');
  const { dir } = database;
  const { databasePath } = database.options;
  const backupDir = join(dir, 'data', 'backups');
  await migrateDatabase(database.options);
  const clock = new SettableClock(new Date(now));
  const worker = await createWorker(
    { ...database.options, lockTimeoutMs: DEFAULT_LOCK_TIMEOUT_MS, backupDir, backupKeep, logLevel: 'silent' },
    { schedule: false, clock },
  );
  const orm = worker.get(MikroORM);
  return {
    worker,
    clock,
    dir,
    databasePath,
    database,
    backupDir,
    em: () => orm.em.fork(),
    rows: (sql, params) => storedRows(orm.em.fork(), sql, params),
    run: (name) => worker.get(Jobs).run(name),
    async close() {
      await worker.close();
      await database.remove();
    },
  };
}

export async function makeUser(
  em: EntityManager,
  username: string,
  overrides: Partial<Pick<User, 'timezone' | 'dayStartMinutes' | 'weekStart'>> = {},
): Promise<User> {
  const joined = new Date('2020-01-01T00:00:00Z');
  const user = em.create(User, {
    username,
    email: `${username}@example.org`,
    passwordHash: 'x',
    createdAt: joined,
    updatedAt: joined,
    ...overrides,
  });
  await em.flush();
  return user;
}

export async function makeHabit(
  em: EntityManager,
  user: User,
  fields: Partial<Habit> & { createdAt: Date },
): Promise<Habit> {
  const habit = em.create(Habit, { user, name: 'habit', updatedAt: fields.createdAt, ...fields });
  await em.flush();
  return habit;
}

/**
 * Writes records the way the API does: rows, the streak row and the stale-day marks in one transaction.
 * `null` deletes the day's record.
 */
export async function write(
  em: EntityManager,
  habit: Habit,
  records: (CompletionRecord | { date: IsoDate; delete: true })[],
  now: Date,
): Promise<void> {
  await em.transactional(async (tx) => {
    const user = await tx.findOneOrFail(User, habit.user.id);
    const owned = await tx.findOneOrFail(Habit, habit.id);
    const today = logicalTodayOf(user, now);
    for (const record of records) {
      const existing = await tx.findOne(Completion, { habit: owned, date: record.date });
      if ('delete' in record) {
        if (existing) tx.remove(existing);
      } else if (existing) tx.assign(existing, { status: record.status, value: record.value, updatedAt: now });
      else {
        const { date, status, value } = record;
        tx.create(Completion, { habit: owned, date, status, value, createdAt: now, updatedAt: now });
      }
    }
    await recomputeStreak(tx, { habit: owned, today, weekStart: user.weekStart, now });
    const dates = records.map((record) => record.date).sort();
    await markRecordsChanged(tx, { user, habit: owned, first: dates[0]!, last: dates.at(-1)!, today });
  });
}

/** What the snapshot table holds for a user, and what a full recomputation through the core gives. */
export async function snapshotsAndRecompute(
  em: EntityManager,
  userId: number,
  now: Date,
): Promise<{ stored: DayAggregate[]; expected: DayAggregate[] }> {
  const user = await em.findOneOrFail(User, userId);
  const today = logicalTodayOf(user, now);
  const stored = await readSnapshots(em, userId, { from: '0001-01-01', to: '9999-12-31' });
  const habits = await loadAnalyticsHabits(em, user);
  const earliest = habits.map((habit) => habit.start).sort()[0];
  // Snapshots hold settled days only: those before the current week.
  const settled = isoDate(startOfWeek(dayNumber(today), user.weekStart) - 1);
  const expected = earliest
    ? dailyAggregates({ habits, from: earliest, to: settled, today, weekStart: user.weekStart })
    : [];
  const order = (a: DayAggregate, b: DayAggregate) =>
    a.date.localeCompare(b.date) || (a.category ?? '').localeCompare(b.category ?? '');
  return { stored: stored.sort(order), expected: expected.sort(order) };
}
