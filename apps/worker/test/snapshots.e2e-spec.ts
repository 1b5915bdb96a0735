import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { addDays, type CompletionRecord } from '@streakforge/core';
import { Habit, markAllDirty, readDirtyDays, settleSnapshots, type User } from '@streakforge/db';
import { makeHabit, makeUser, snapshotsAndRecompute, startWorker, write, type TestWorker } from './support.js';

const NOW = '2026-11-24T12:00:00Z';

describe('snapshots job', () => {
  let t: TestWorker;
  let user: User;
  let habits: Habit[];

  const randomHistory = (seed: number, days: number): CompletionRecord[] =>
    fc
      .sample(
        fc.array(fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 4 }), fc.constant(-1)), {
          minLength: days,
          maxLength: days,
        }),
        { numRuns: 1, seed },
      )[0]!
      .flatMap((mark, i): CompletionRecord[] => {
        const date = addDays('2026-11-24', i - days);
        if (mark === null) return [];
        return [
          mark === -1 ? { date, status: 'skipped', value: 0 } : { date, status: 'done', value: mark === 0 ? 1 : mark },
        ];
      });

  beforeAll(async () => {
    t = await startWorker(NOW);
    const em = t.em();
    user = await makeUser(em, 'analyst', { timezone: 'Europe/Berlin', weekStart: 7 });
    const created = new Date('2026-05-01T08:00:00Z');
    habits = [
      await makeHabit(em, user, { name: 'daily', category: 'health', createdAt: created }),
      await makeHabit(em, user, {
        name: 'weekly',
        goalType: 'weekly',
        timesPerPeriod: 3,
        periodDays: 7,
        category: 'health',
        createdAt: created,
      }),
      await makeHabit(em, user, {
        name: 'custom',
        goalType: 'custom',
        timesPerPeriod: 2,
        periodDays: 10,
        createdAt: created,
      }),
      await makeHabit(em, user, {
        name: 'numeric',
        type: 'numeric',
        targetValue: 3,
        category: 'mind',
        createdAt: created,
      }),
    ];
    for (const [i, habit] of habits.entries()) await write(t.em(), habit, randomHistory(i + 1, 300), t.clock.now());
    // Sparse on purpose: one more done day completes a whole (Sunday-started) week, moving six other days.
    habits.push(
      await makeHabit(em, user, {
        name: 'sparse',
        goalType: 'weekly',
        timesPerPeriod: 2,
        periodDays: 7,
        category: 'mind',
        createdAt: created,
      }),
    );
    await write(t.em(), habits[4]!, [{ date: '2026-09-08', status: 'done', value: 1 }], t.clock.now());
  });
  afterAll(() => t.close());

  it('backfills every closed day on its first run, equal to a full recomputation', async () => {
    const outcome = await t.run('snapshots');
    expect(outcome).toMatchObject({ status: 'succeeded' });
    const { stored, expected } = await snapshotsAndRecompute(t.em(), user.id, t.clock.now());
    expect(stored.length).toBeGreaterThan(300);
    expect(stored).toEqual(expected);
    const [row] = await t.rows<{ through: string; dirty: number }>(
      'select snapshots_through as through, (select count(*) from analytics_dirty where user_id = users.id) as dirty from users where id = ?',
      [user.id],
    );
    // Weeks start on Sunday for this user: Tuesday the 24th leaves Sunday and Monday of its week live.
    expect(row).toEqual({ through: '2026-11-21', dirty: 0 });
  });

  it('redoes only marked days after backdated edits and deletions, and stays equal to a recompute', async () => {
    const marks = async () =>
      (await t.rows<{ n: number }>('select count(*) as n from analytics_dirty where user_id = ?', [user.id]))[0]!.n;
    const before = await marks();
    await write(t.em(), habits[2]!, [{ date: '2026-07-01', status: 'done', value: 1 }], t.clock.now());
    // A custom 2-per-10 habit's edit moves weeks of days, and still costs one mark row.
    expect(await marks()).toBe(before + 1);
    await write(
      t.em(),
      habits[1]!,
      [
        { date: '2026-08-12', status: 'done', value: 1 },
        { date: '2026-08-13', status: 'skipped', value: 0 },
      ],
      t.clock.now(),
    );
    await write(
      t.em(),
      habits[2]!,
      [
        { date: '2026-10-02', delete: true },
        { date: '2026-10-05', status: 'done', value: 1 },
      ],
      t.clock.now(),
    );
    await write(t.em(), habits[3]!, [{ date: '2026-11-20', status: 'done', value: 9 }], t.clock.now());
    await write(t.em(), habits[4]!, [{ date: '2026-09-10', status: 'done', value: 1 }], t.clock.now());
    const outcome = await t.run('snapshots');
    expect(outcome).toMatchObject({ status: 'succeeded' });
    // Of about 300 closed days, only those the edits can move are redone.
    if (outcome.status === 'succeeded') expect(outcome.items).toBeLessThan(200);
    const { stored, expected } = await snapshotsAndRecompute(t.em(), user.id, t.clock.now());
    expect(stored).toEqual(expected);
  });

  it('adds the days that settled since, and recomputes everything after a habit change', async () => {
    t.clock.set('2026-11-27T12:00:00Z');
    expect(await t.run('snapshots')).toMatchObject({ status: 'succeeded', items: 0 });
    t.clock.set('2026-11-30T12:00:00Z');
    const days = await t.run('snapshots');
    expect(days).toMatchObject({ status: 'succeeded', items: 7 });
    expect((await snapshotsAndRecompute(t.em(), user.id, t.clock.now())).stored).toEqual(
      (await snapshotsAndRecompute(t.em(), user.id, t.clock.now())).expected,
    );

    const em = t.em();
    await em.transactional(async (tx) => {
      await tx.nativeUpdate(Habit, { id: habits[0]!.id }, { archived: true });
      await markAllDirty(tx, user.id);
    });
    await t.run('snapshots');
    const { stored, expected } = await snapshotsAndRecompute(t.em(), user.id, t.clock.now());
    expect(stored).toEqual(expected);
    expect(stored.filter((day) => day.category === 'health').every((day) => day.active <= 1)).toBe(true);
  });

  it('keeps a mark written while it ran for the next run', async () => {
    const em = t.em();
    const marksLeft = async () =>
      (await t.rows<{ n: number }>('select count(*) as n from analytics_dirty where user_id = ?', [user.id]))[0]!.n;
    const read = await readDirtyDays(em, user.id, { from: '0001-01-01', to: '2026-11-21' });
    await write(t.em(), habits[1]!, [{ date: '2026-11-02', status: 'done', value: 1 }], t.clock.now());
    // A run that read the marks before that write deletes only the marks it read.
    await em.transactional((tx) => settleSnapshots(tx, user.id, { through: '2026-11-21', marks: read.marks }));
    expect(await marksLeft()).toBeGreaterThan(0);
    await t.run('snapshots');
    const { stored, expected } = await snapshotsAndRecompute(t.em(), user.id, t.clock.now());
    expect(stored).toEqual(expected);
  });
});

describe('snapshots job for an account of many habits', () => {
  let t: TestWorker;
  afterAll(() => t?.close());

  it("reads habits' records a group at a time and still stores what a full recomputation gives", async () => {
    t = await startWorker(NOW);
    const em = t.em();
    const user = await makeUser(em, 'collector');
    const created = new Date('2026-09-01T08:00:00Z');
    // 205 habits cross eight group boundaries and end in a short group; each one's history differs, so a habit counted
    // twice or left out shows.
    for (let i = 0; i < 205; i++) {
      const habit = await makeHabit(em, user, { name: `habit ${i}`, category: `c${i % 3}`, createdAt: created });
      const days = Array.from({ length: 1 + (i % 10) }, (_, d) => addDays('2026-11-20', -d * (1 + (i % 3))));
      await write(
        t.em(),
        habit,
        days.map((date) => ({ date, status: 'done', value: 1 })),
        t.clock.now(),
      );
    }
    expect(await t.run('snapshots')).toMatchObject({ status: 'succeeded' });
    const { stored, expected } = await snapshotsAndRecompute(t.em(), user.id, t.clock.now());
    expect(stored.length).toBeGreaterThan(80);
    expect(stored).toEqual(expected);
  });
});
