import { describe, expect, it } from '@jest/globals';
import { frequencyOf, validateHabitDefinition, type HabitDefinitionInput } from './habit.js';

describe('validateHabitDefinition', () => {
  it.each<[string, HabitDefinitionInput, object]>([
    [
      'defaults to a daily yes/no habit',
      {},
      { type: 'boolean', goalType: 'daily', timesPerPeriod: 1, periodDays: 1, targetValue: null },
    ],
    ['fixes weekly periods at 7 days', { goalType: 'weekly', timesPerPeriod: 3 }, { timesPerPeriod: 3, periodDays: 7 }],
    [
      'keeps custom N per M',
      { goalType: 'custom', timesPerPeriod: 3, periodDays: 10 },
      { timesPerPeriod: 3, periodDays: 10 },
    ],
    ['accepts N = M', { goalType: 'custom', timesPerPeriod: 5, periodDays: 5 }, { timesPerPeriod: 5, periodDays: 5 }],
    [
      'accepts a numeric at-least target',
      { type: 'numeric', targetValue: 2.5, unit: 'km' },
      { type: 'numeric', timesPerPeriod: 1, targetValue: 2.5, targetType: 'at_least' },
    ],
    [
      'accepts an at-most target of zero',
      { type: 'numeric', targetType: 'at_most', targetValue: 0, goalType: 'weekly' },
      { targetValue: 0, targetType: 'at_most', periodDays: 7, timesPerPeriod: 1 },
    ],
  ])('%s', (_, input, expected) => {
    const result = validateHabitDefinition(input);
    expect(result).toMatchObject({ ok: true, schedule: expected });
  });

  it.each<[string, HabitDefinitionInput, string[]]>([
    ['daily with N > 1', { goalType: 'daily', timesPerPeriod: 2 }, ['timesPerPeriod']],
    ['periodDays outside custom', { goalType: 'weekly', timesPerPeriod: 2, periodDays: 7 }, ['periodDays']],
    ['weekly N = 8', { goalType: 'weekly', timesPerPeriod: 8 }, ['timesPerPeriod']],
    ['weekly N = 0', { goalType: 'weekly', timesPerPeriod: 0 }, ['timesPerPeriod']],
    ['weekly fractional N', { goalType: 'weekly', timesPerPeriod: 2.5 }, ['timesPerPeriod']],
    ['custom without M', { goalType: 'custom', timesPerPeriod: 2 }, ['periodDays']],
    ['custom M = 366', { goalType: 'custom', timesPerPeriod: 2, periodDays: 366 }, ['periodDays']],
    ['custom N > M', { goalType: 'custom', timesPerPeriod: 4, periodDays: 3 }, ['timesPerPeriod']],
    ['custom N = 366', { goalType: 'custom', timesPerPeriod: 366, periodDays: 365 }, ['timesPerPeriod']],
    ['numeric without target', { type: 'numeric' }, ['targetValue']],
    ['numeric at-least zero', { type: 'numeric', targetValue: 0 }, ['targetValue']],
    ['numeric negative at-most', { type: 'numeric', targetType: 'at_most', targetValue: -1 }, ['targetValue']],
    ['numeric infinite target', { type: 'numeric', targetValue: Number.POSITIVE_INFINITY }, ['targetValue']],
    ['numeric N > 1', { type: 'numeric', targetValue: 3, goalType: 'weekly', timesPerPeriod: 3 }, ['timesPerPeriod']],
    ['boolean with target', { targetValue: 3 }, ['targetValue']],
    ['boolean with unit', { unit: 'pages' }, ['unit']],
    ['boolean at-most', { targetType: 'at_most' }, ['targetType']],
  ])('rejects %s', (_, input, fields) => {
    const result = validateHabitDefinition(input);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems.map((p) => p.field)).toEqual(fields);
    if (!result.ok) for (const problem of result.problems) expect(problem.message.length).toBeGreaterThan(10);
  });
});

describe('frequencyOf', () => {
  it('reads N per M from each goal type', () => {
    const base = { type: 'boolean', targetValue: null, targetType: 'at_least' } as const;
    expect(frequencyOf({ ...base, goalType: 'daily', timesPerPeriod: 1, periodDays: 1 })).toEqual({ n: 1, m: 1 });
    expect(frequencyOf({ ...base, goalType: 'weekly', timesPerPeriod: 3, periodDays: 7 })).toEqual({ n: 3, m: 7 });
    expect(frequencyOf({ ...base, goalType: 'custom', timesPerPeriod: 2, periodDays: 9 })).toEqual({ n: 2, m: 9 });
    expect(frequencyOf({ ...base, type: 'numeric', goalType: 'custom', timesPerPeriod: 1, periodDays: 9 })).toEqual({
      n: 1,
      m: 9,
    });
  });
});
