import { describe, expect, it } from '@jest/globals';
import { daily, done, numeric, pattern, skipped, weekly } from '../test/habits.js';
import { habitStart, habitStats } from './stats.js';

const TODAY = '2026-11-25'; // Wednesday

describe(habitStats.name, () => {
  it('rates qualifying days over the days since the habit started, leaving skips out', () => {
    // Started 2026-11-19; 19..25: x x . s x . x → considered 6 (one skip), qualifying non-skipped 4.
    const completions = pattern(TODAY, 'xx.sx.x');
    const stats = habitStats({
      schedule: daily,
      completions,
      start: '2026-11-19',
      from: '2026-11-01',
      to: '2026-11-30',
      today: TODAY,
      weekStart: 1,
    });
    expect(stats).toMatchObject({ completionRate: 4 / 6, doneDays: 4, skippedDays: 1, qualifyingDays: 4, total: 4 });
  });

  it("counts a day that may still qualify as pending, not missed: today, and a weekly goal's current week", () => {
    const rate = (schedule: typeof daily, marks: string, weekStart = 1) =>
      habitStats({
        schedule,
        completions: pattern(TODAY, marks),
        start: '2026-11-16',
        from: '2026-11-16',
        to: TODAY,
        today: TODAY,
        weekStart,
      }).completionRate;
    // Mon 16 … Wed 25, not yet done today: nine days counted, of which eight qualify.
    expect(rate(daily, 'xxxxxxx.x.')).toBe(8 / 9);
    expect(rate(daily, 'xxxxxxx.xx')).toBe(9 / 10);
    // Three a week, weeks from Monday: last week met (7 of 7), this week (Mon 23 – Wed 25) not yet met — pending.
    expect(rate(weekly(3), 'x.x.x..xx.')).toBe(1);
    // Once met, the current week's days count as qualifying.
    expect(rate(weekly(3), 'x.x.x..xxx')).toBe(1);
    // A week that ended unmet counts: last week 2 of 3, this week pending.
    expect(rate(weekly(3), 'x.x....x..')).toBe(0);
    // Done 16, 18 and 22: a met week from Monday; from Sunday the 16th–21st are an unmet week and the 22nd begins
    // the current one, still pending.
    expect(rate(weekly(3), 'x.x...x...')).toBe(1);
    expect(rate(weekly(3), 'x.x...x...', 7)).toBe(0);
  });

  it('has no rate when no day is considered', () => {
    const stats = habitStats({
      schedule: daily,
      completions: [],
      start: TODAY,
      from: '2026-11-01',
      to: '2026-11-10',
      today: TODAY,
      weekStart: 1,
    });
    expect(stats.completionRate).toBeNull();
  });

  it('sums numeric amounts per weekday and per period', () => {
    const completions = [done('2026-09-30', 2), done('2026-10-05', 3), done('2026-11-23', 4), skipped('2026-11-24')];
    const stats = habitStats({
      schedule: numeric('daily', 3),
      completions,
      start: '2026-09-30',
      from: '2026-09-28',
      to: TODAY,
      today: TODAY,
      weekStart: 1,
    });
    expect(stats.total).toBe(9);
    expect(stats.weekdays).toEqual([7, 0, 2, 0, 0, 0, 0]);
    expect(stats.periods.month).toEqual([
      { start: '2026-09-01', total: 2 },
      { start: '2026-10-01', total: 3 },
      { start: '2026-11-01', total: 4 },
    ]);
    expect(stats.periods.quarter).toEqual([
      { start: '2026-07-01', total: 2 },
      { start: '2026-10-01', total: 7 },
    ]);
    expect(stats.periods.year).toEqual([{ start: '2026-01-01', total: 9 }]);
    expect(stats.periods.week[0]).toEqual({ start: '2026-09-28', total: 2 });
    expect(stats.periods.week.at(-1)).toEqual({ start: '2026-11-23', total: 4 });
    expect(stats.completionRate).toBeCloseTo(2 / 56);
  });

  it('never counts a day after today', () => {
    const stats = habitStats({
      schedule: daily,
      completions: pattern(TODAY, 'x'),
      start: TODAY,
      from: TODAY,
      to: '2026-12-31',
      today: TODAY,
      weekStart: 1,
    });
    expect(stats.periods.week).toEqual([{ start: '2026-11-23', total: 1 }]);
    expect(stats.completionRate).toBe(1);
  });

  it('starts a habit at its creation or its first record, whichever is earlier', () => {
    expect(habitStart('2026-11-20', '2026-11-10')).toBe('2026-11-10');
    expect(habitStart('2026-11-20', '2026-11-22')).toBe('2026-11-20');
    expect(habitStart('2026-11-20', null)).toBe('2026-11-20');
  });
});
