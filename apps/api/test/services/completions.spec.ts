import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CompletionBody } from '../../src/completions/completions.dto.js';
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

afterAll(async () => {
  await tier?.close();
});

describe('what a day may record (docs/habit-semantics.md, "Day records")', () => {
  const stored = [
    ['boolean', {}, { status: 'done', value: 1, notes: null }],
    ['boolean', { value: 1, notes: 'before work' }, { status: 'done', value: 1, notes: 'before work' }],
    ['boolean', { status: 'skipped', value: 0 }, { status: 'skipped', value: 0, notes: null }],
    ['boolean', { status: 'missed', notes: 'ill' }, { status: 'missed', value: 0, notes: 'ill' }],
    ['boolean', { status: 'unmarked', notes: 'travel' }, { status: 'unmarked', value: 0, notes: 'travel' }],
    ['boolean', { notes: '' }, { status: 'done', value: 1, notes: null }],
    ['numeric', { value: 0 }, { status: 'done', value: 0, notes: null }],
    ['numeric', { value: 2.5 }, { status: 'done', value: 2.5, notes: null }],
    ['numeric', { value: 1e9 }, { status: 'done', value: 1e9, notes: null }],
    ['numeric', { status: 'skipped' }, { status: 'skipped', value: 0, notes: null }],
  ] as const;

  it.each(stored)('a %s habit stores %j as %j', async (type, body, expected) => {
    const user = await tier.makeUser();
    const habit = await tier.makeHabit(user, { type, ...(type === 'numeric' ? { targetValue: 5 } : {}) });
    const { response } = await completions.put(user.id, habit.id, '2026-11-20', body as CompletionBody);
    expect(response).toMatchObject({ date: '2026-11-20', ...expected });
    expect(
      await tier.rows('select status, value, notes from habit_completions where habit_id = ?', [habit.id]),
    ).toEqual([expected]);
  });

  const refused = [
    ['boolean', { value: 2 }, 'value', 'a yes/no habit records no amount: omit value or send 1'],
    ['boolean', { status: 'skipped', value: 1 }, 'value', 'a skipped day records no value: omit it or send 0'],
    ['boolean', { status: 'missed', value: 3 }, 'value', 'a missed day records no value: omit it or send 0'],
    [
      'boolean',
      { status: 'unmarked' },
      'notes',
      'an unmarked day holds a note and nothing else: send notes, or delete the day',
    ],
    ['numeric', {}, 'value', 'a numeric habit needs a value'],
    ['numeric', { value: -1 }, 'value', 'value -1 is outside 0 to 1000000000'],
    ['numeric', { value: 1e9 + 1 }, 'value', 'value 1000000001 is outside 0 to 1000000000'],
  ] as const;

  it.each(refused)(
    'a %s habit refuses %j: %s says "%s", and nothing is written',
    async (type, body, field, message) => {
      const user = await tier.makeUser();
      const habit = await tier.makeHabit(user, { type, ...(type === 'numeric' ? { targetValue: 5 } : {}) });
      await expectFieldErrors(completions.put(user.id, habit.id, '2026-11-20', body as CompletionBody), 400, [
        { field, message },
      ]);
      expect(await tier.rows('select 1 from habit_completions where habit_id = ?', [habit.id])).toEqual([]);
    },
  );
});

describe('time', () => {
  it('stamps days and streak rows with the clock, and a repeated write leaves them as they were', async () => {
    const user = await tier.makeUser();
    const habit = await tier.makeHabit(user);
    tier.clock.set('2026-11-24T13:00:00Z');
    const first = await completions.put(user.id, habit.id, '2026-11-24', {});
    expect(first).toMatchObject({ created: true, response: { createdAt: '2026-11-24T13:00:00.000Z' } });
    tier.clock.set('2026-11-24T14:00:00Z');
    const again = await completions.put(user.id, habit.id, '2026-11-24', {});
    expect(again).toMatchObject({ created: false, response: { updatedAt: '2026-11-24T13:00:00.000Z' } });
    const stamps = (table: string) =>
      tier.rows<{ createdAt: number; updatedAt: number }>(
        `select created_at as createdAt, updated_at as updatedAt from ${table} where habit_id = ?`,
        [habit.id],
      );
    const at = Date.parse('2026-11-24T13:00:00Z');
    expect(await stamps('habit_completions')).toEqual([{ createdAt: at, updatedAt: at }]);
    expect((await stamps('streaks'))[0]!.updatedAt).toBe(at);
    tier.clock.set('2026-11-24T12:00:00Z');
  });

  it('takes "today" from the user\'s time zone and day start', async () => {
    // 12:00 UTC is 01:00 the next day in Auckland (UTC+13 in November), before a 04:00 day start.
    const user = await tier.makeUser({ timezone: 'Pacific/Auckland', dayStartMinutes: 240 });
    const habit = await tier.makeHabit(user);
    expect((await completions.create(user.id, habit.id, {})).date).toBe('2026-11-24');
    await expectFieldErrors(completions.put(user.id, habit.id, '2026-11-25', {}), 422, [
      { field: 'date', message: 'date is after your logical today (2026-11-24)' },
    ]);
  });
});

describe('increments', () => {
  it('add to a done day, start from zero on a skipped one, and stop at the most a day holds', async () => {
    const user = await tier.makeUser();
    const habit = await tier.makeHabit(user, { type: 'numeric', targetValue: 8 });
    await completions.put(user.id, habit.id, '2026-11-23', { status: 'skipped', notes: 'rest day' });
    expect(await completions.increment(user.id, habit.id, '2026-11-23', 2)).toMatchObject({
      status: 'done',
      value: 2,
      notes: 'rest day',
    });
    expect((await completions.increment(user.id, habit.id, '2026-11-23', 0.5)).value).toBe(2.5);
    await expectFieldErrors(completions.increment(user.id, habit.id, '2026-11-23', 1e9), 422, [
      { field: 'by', message: 'the day would hold 1000000002.5; a day holds at most 1000000000' },
    ]);
    expect(await tier.rows('select value from habit_completions where habit_id = ?', [habit.id])).toEqual([
      { value: 2.5 },
    ]);
  });
});

describe('batches', () => {
  it('name every problem at its item and write nothing', async () => {
    const user = await tier.makeUser();
    const read = await tier.makeHabit(user);
    const water = await tier.makeHabit(user, { name: 'Water', type: 'numeric', targetValue: 2 });
    await expectFieldErrors(
      completions.batch(user.id, {
        items: [
          { habitId: read.id, date: '2026-11-01' },
          { habitId: read.id, date: '2026-11-01', status: 'skipped' },
          { habitId: water.id, date: '2026-11-01' },
          { habitId: water.id, date: '2026-11-02', value: 1e10 },
        ],
      }),
      400,
      [
        { field: 'items.1.date', message: '2026-11-01 appears twice for the same habit' },
        { field: 'items.2.value', message: 'a numeric habit needs a value' },
        { field: 'items.3.value', message: 'value 10000000000 is outside 0 to 1000000000' },
      ],
    );
    await expectFieldErrors(
      completions.batch(user.id, {
        items: [
          { habitId: read.id, date: '2026-11-01' },
          { habitId: water.id, date: '2026-11-25', value: 1 },
        ],
      }),
      422,
      [{ field: 'items.1.date', message: '2026-11-25 is after your logical today (2026-11-24)' }],
    );
    expect(await tier.rows('select 1 from habit_completions where habit_id in (?, ?)', [read.id, water.id])).toEqual(
      [],
    );
  });

  it('keep days of different habits on one date apart, and bring each streak up to date', async () => {
    const user = await tier.makeUser();
    const read = await tier.makeHabit(user);
    const walk = await tier.makeHabit(user, { name: 'Walk' });
    const days = ['2026-11-22', '2026-11-23', '2026-11-24'];
    const result = await completions.batch(user.id, {
      items: days.flatMap((date) => [
        { habitId: read.id, date },
        { habitId: walk.id, date, ...(date === '2026-11-23' ? { status: 'skipped' as const } : {}) },
      ]),
    });
    expect(result).toEqual({ created: 6, updated: 0 });
    expect((await habits.get(user.id, read.id)).streak).toMatchObject({ current: 3, longest: 3 });
    // A skipped day qualifies: the run goes on through it.
    expect((await habits.get(user.id, walk.id)).streak).toMatchObject({ current: 3 });
  });
});
