import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { CompletionsService } from '../../src/completions/completions.service.js';
import { HabitsService } from '../../src/habits/habits.service.js';
import { expectFieldErrors, startServices, type ServiceTier } from './support.js';

let tier: ServiceTier;
let completions: CompletionsService;
let habits: HabitsService;

beforeAll(async () => {
  tier = await startServices();
  completions = tier.service(CompletionsService);
  habits = tier.service(HabitsService);
});

beforeEach(() => tier.clock.set('2026-11-24T12:00:00Z'));

afterAll(async () => {
  await tier?.close();
});

const streakRow = (habitId: number) =>
  tier.rows<{ current: number; asOf: string; updatedAt: number }>(
    'select current, as_of as asOf, updated_at as updatedAt from streaks where habit_id = ?',
    [habitId],
  );

describe('habit changes', () => {
  it('stamp updatedAt from the clock, and only when something changed', async () => {
    const user = await tier.makeUser();
    const habit = await tier.makeHabit(user, { name: 'Read', category: 'Mind' });
    expect(habit).toMatchObject({ createdAt: '2026-11-24T12:00:00.000Z', updatedAt: '2026-11-24T12:00:00.000Z' });

    tier.clock.set('2026-11-24T15:00:00Z');
    const same = await habits.update(user.id, habit.id, { name: 'Read', category: 'Mind' });
    expect(same.updatedAt).toBe('2026-11-24T12:00:00.000Z');
    const renamed = await habits.update(user.id, habit.id, { name: 'Read a chapter' });
    expect(renamed.updatedAt).toBe('2026-11-24T15:00:00.000Z');
    expect(await tier.rows('select updated_at as updatedAt from habits where id = ?', [habit.id])).toEqual([
      { updatedAt: Date.parse('2026-11-24T15:00:00Z') },
    ]);
  });

  it('recompute the stored streak when the schedule changes what qualifies', async () => {
    const user = await tier.makeUser();
    const habit = await tier.makeHabit(user);
    for (const date of ['2026-11-18', '2026-11-20', '2026-11-22', '2026-11-24'])
      await completions.put(user.id, habit.id, date, {});
    expect((await streakRow(habit.id))[0]).toMatchObject({ current: 1 });

    // Every other day meets "2 per 4 days"; sliding Loop's intervals back reaches the 17th: a run of 8.
    tier.clock.set('2026-11-24T16:00:00Z');
    const changed = await habits.update(user.id, habit.id, { goalType: 'custom', timesPerPeriod: 2, periodDays: 4 });
    expect(changed.streak.current).toBe(8);
    expect(await streakRow(habit.id)).toEqual([
      { current: 8, asOf: '2026-11-24', updatedAt: Date.parse('2026-11-24T16:00:00Z') },
    ]);
  });
});

describe('type changes (docs/habit-semantics.md, "Changing a habit")', () => {
  it('are refused while done days would be read differently, and allowed over days that hold no amount', async () => {
    const user = await tier.makeUser();
    const habit = await tier.makeHabit(user);
    await completions.put(user.id, habit.id, '2026-11-20', { status: 'skipped' });
    await completions.put(user.id, habit.id, '2026-11-21', { status: 'missed', notes: 'ill' });
    const numeric = await habits.update(user.id, habit.id, { type: 'numeric', targetValue: 5, unit: 'pages' });
    expect(numeric).toMatchObject({ type: 'numeric', targetValue: 5, unit: 'pages' });

    await completions.put(user.id, habit.id, '2026-11-22', { value: 8 });
    await expectFieldErrors(habits.update(user.id, habit.id, { type: 'boolean' }), 422, [
      {
        field: 'type',
        message:
          'type cannot change from numeric to yes/no while 1 done day(s) are recorded: they would be read differently. ' +
          'Create a new habit, or clear those days first',
      },
    ]);
    expect(await tier.rows('select type, target_value as target from habits where id = ?', [habit.id])).toEqual([
      { type: 'numeric', target: 5 },
    ]);
    await completions.remove(user.id, habit.id, '2026-11-22');
    expect((await habits.update(user.id, habit.id, { type: 'boolean' })).type).toBe('boolean');
  });
});

describe("reads after the user's midnight", () => {
  it('compute a stale row live: a streak not continued today still counts until the day is over', async () => {
    const user = await tier.makeUser();
    const habit = await tier.makeHabit(user);
    for (const date of ['2026-11-22', '2026-11-23', '2026-11-24']) await completions.put(user.id, habit.id, date, {});

    tier.clock.set('2026-11-25T09:00:00Z');
    expect((await habits.get(user.id, habit.id)).streak.current).toBe(3);
    tier.clock.set('2026-11-26T09:00:00Z');
    const [listed] = (await habits.list(user.id, {})).items;
    expect(listed!.streak).toMatchObject({ current: 0, longest: 3, lastCompletionDate: '2026-11-24' });
    // A read computes; it does not write (the worker's rollover refreshes rows).
    expect((await streakRow(habit.id))[0]).toMatchObject({ current: 3, asOf: '2026-11-24' });
  });
});
