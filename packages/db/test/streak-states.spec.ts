import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  Completion,
  Habit,
  Streak,
  User,
  computeStreakState,
  loadCompletionRecords,
  markUserStreaksStale,
  readStreakStates,
  recomputeStreaks,
  saveStreakStates,
  scheduleOf,
  streakStatesOn,
  type MikroORM,
} from '../src/index.js';
import { openFreshOrm, stamped, type FreshDatabase } from './support.js';

const ROW_DAY = '2026-11-20';
const NOW = new Date('2026-11-20T12:00:00Z');
/** A figure no recompute of these records gives: seeing it proves the state was stepped from the stored row. */
const MARKER = 99;

let db: FreshDatabase;
let orm: MikroORM;
let user: User;
let daily: Habit;
let weekly: Habit;

beforeAll(async () => {
  ({ db, orm } = await openFreshOrm('streak-states'));
  const em = orm.em.fork();
  user = em.create(User, { username: 'stepper', email: 'stepper@example.org', passwordHash: 'x', ...stamped() });
  daily = em.create(Habit, { user, name: 'Read', position: 0, ...stamped() });
  weekly = em.create(Habit, {
    user,
    name: 'Swim',
    goalType: 'weekly',
    timesPerPeriod: 2,
    periodDays: 7,
    position: 1,
    ...stamped(),
  });
  for (const habit of [daily, weekly])
    for (const date of ['2026-11-18', '2026-11-19', ROW_DAY]) em.create(Completion, { habit, date, ...stamped(NOW) });
  await em.flush();
});

afterAll(async () => {
  await orm.close(true);
  await db.remove();
});

/** Stores both rows as of ROW_DAY, the daily one with a longest streak of MARKER. */
async function storeRows() {
  const em = orm.em.fork();
  const states = await recomputeStreaks(em, { habits: [daily, weekly], today: ROW_DAY, weekStart: 1, now: NOW });
  states.set(daily.id, { ...states.get(daily.id)!, longest: MARKER });
  await saveStreakStates(em, states, NOW);
}

async function recomputed(habit: Habit, today: string) {
  const completions = (await loadCompletionRecords(orm.em.fork(), [habit.id])).get(habit.id)!;
  return computeStreakState({ schedule: scheduleOf(habit), completions, today, weekStart: 1 });
}

describe('streak states on a later day', () => {
  it('keep a row that is as of today, and step a daily row over days without records', async () => {
    await storeRows();
    const em = orm.em.fork();
    const asOfRowDay = await streakStatesOn(em, [daily], { today: ROW_DAY, weekStart: 1 });
    expect(asOfRowDay.get(daily.id)).toEqual((await readStreakStates(em, [daily.id])).get(daily.id));

    for (const today of ['2026-11-21', '2026-11-22', '2027-03-01']) {
      const stepped = (await streakStatesOn(em, [daily], { today, weekStart: 1 })).get(daily.id)!;
      expect(stepped).toEqual({ ...(await recomputed(daily, today)), longest: MARKER });
    }
  });

  it('recompute where the schedule cannot be stepped (a weekly goal)', async () => {
    await storeRows();
    const today = '2026-11-23';
    const states = await streakStatesOn(orm.em.fork(), [weekly], { today, weekStart: 1 });
    expect(states.get(weekly.id)).toEqual(await recomputed(weekly, today));
  });

  it('recompute when a record lies after the row’s day, or the calendar changed since the row was written', async () => {
    await storeRows();
    const em = orm.em.fork();
    em.create(Completion, { habit: daily.id, date: '2026-11-21', ...stamped(NOW) });
    await em.flush();
    const today = '2026-11-22';
    expect((await streakStatesOn(em, [daily], { today, weekStart: 1 })).get(daily.id)).toEqual(
      await recomputed(daily, today),
    );
    await em.nativeDelete(Completion, { habit: daily.id, date: '2026-11-21' });

    await storeRows();
    await markUserStreaksStale(em, user.id);
    expect((await streakStatesOn(em, [daily], { today, weekStart: 1 })).get(daily.id)).toEqual(
      await recomputed(daily, today),
    );
  });

  it('compute a habit that has no row yet', async () => {
    const em = orm.em.fork();
    await em.nativeDelete(Streak, { habit: daily.id });
    const today = '2026-11-21';
    expect((await streakStatesOn(em, [daily], { today, weekStart: 1 })).get(daily.id)).toEqual(
      await recomputed(daily, today),
    );
  });
});
