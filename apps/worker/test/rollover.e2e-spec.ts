import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { computeStreakState, loadCompletionRecords, scheduleOf, Habit, type User } from '@streakforge/db';
import { makeHabit, makeUser, startWorker, write, type TestWorker } from './support.js';

describe('rollover job', () => {
  let t: TestWorker;
  const users: Record<string, { user: User; habit: Habit }> = {};

  async function row(habitId: number) {
    const [streak] = await t
      .em()
      .execute<{ as_of: string; current: number; score: number; previous_score: number }[]>(
        'select as_of, current, score, previous_score from streaks where habit_id = ?',
        [habitId],
      );
    return streak!;
  }

  async function recomputed(name: string, today: string) {
    const em = t.em();
    const { user, habit } = users[name]!;
    const fresh = await em.findOneOrFail(Habit, habit.id);
    const records = (await loadCompletionRecords(em, [habit.id])).get(habit.id)!;
    return computeStreakState({ schedule: scheduleOf(fresh), completions: records, today, weekStart: user.weekStart });
  }

  beforeAll(async () => {
    // 2026-11-24T20:00Z: Tokyo is already on the 25th, New York and UTC on the 24th.
    t = await startWorker('2026-11-24T20:00:00Z');
    const zones: [string, Partial<User>][] = [
      ['utc', {}],
      ['tokyo', { timezone: 'Asia/Tokyo' }],
      ['newyork', { timezone: 'America/New_York', dayStartMinutes: 180 }],
      ['saopaulo', { timezone: 'America/Sao_Paulo' }],
    ];
    for (const [name, settings] of zones) {
      const em = t.em();
      const user = await makeUser(em, name, settings);
      const habit = await makeHabit(em, user, { name: 'daily', createdAt: new Date('2026-11-01T12:00:00Z') });
      const dates = ['2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24'];
      await write(
        t.em(),
        habit,
        dates.map((date) => ({ date, status: 'done', value: 1 })),
        t.clock.now(),
      );
      users[name] = { user, habit };
    }
    const archived = await makeHabit(t.em(), users['utc']!.user, {
      name: 'archived',
      archived: true,
      createdAt: new Date('2026-11-01T12:00:00Z'),
    });
    await write(t.em(), archived, [{ date: '2026-11-23', status: 'done', value: 1 }], t.clock.now());
  });
  afterAll(() => t.close());

  it('refreshes rows only for users whose logical day changed, to what a recompute gives', async () => {
    expect((await row(users['tokyo']!.habit.id)).as_of).toBe('2026-11-25');
    expect((await row(users['utc']!.habit.id)).as_of).toBe('2026-11-24');

    // 05:30Z on the 25th: UTC and São Paulo (02:30) have rolled over; New York is at 00:30 but its day starts at 03:00.
    t.clock.set('2026-11-25T05:30:00Z');
    const outcome = await t.run('rollover');
    expect(outcome).toMatchObject({ status: 'succeeded', items: 2 });
    for (const name of ['utc', 'saopaulo']) {
      const stored = await row(users[name]!.habit.id);
      const expected = await recomputed(name, '2026-11-25');
      expect(stored).toEqual({
        as_of: '2026-11-25',
        current: expected.current,
        score: expected.score,
        previous_score: expected.previousScore,
      });
      expect(stored.current).toBe(4);
    }
    expect((await row(users['newyork']!.habit.id)).as_of).toBe('2026-11-24');

    // 08:10Z: 03:10 in New York, past its day start.
    t.clock.set('2026-11-25T08:10:00Z');
    expect(await t.run('rollover')).toMatchObject({ status: 'succeeded', items: 1 });
    expect((await row(users['newyork']!.habit.id)).as_of).toBe('2026-11-25');
  });

  it('lets streaks lapse when a day passes without a record, and skips archived habits', async () => {
    t.clock.set('2026-11-26T12:00:00Z');
    await t.run('rollover');
    const stored = await row(users['utc']!.habit.id);
    expect(stored.as_of).toBe('2026-11-26');
    expect(stored.current).toBe(0);
    const archived = await t
      .em()
      .execute<{ as_of: string }[]>(
        "select s.as_of from streaks s join habits h on h.id = s.habit_id where h.name = 'archived'",
      );
    expect(archived[0]!.as_of).toBe('2026-11-24');
  });
});
