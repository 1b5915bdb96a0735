import { describe, expect, it } from '@jest/globals';
import { custom, daily, done, numeric, pattern, skipped, weekly } from '../test/habits.js';
import { addDays, dayNumber, isoDate, type CompletionRecord, type HabitSchedule } from './index.js';
import { qualifyingInRange } from './stats.js';
import { bestStreaks, streakSummary } from './streaks.js';

const TODAY = '2026-11-25'; // a Wednesday

/** The qualifying days of the last `days` days up to TODAY as a pattern string (q qualifies, . does not). */
function qualifyingPattern(
  schedule: HabitSchedule,
  completions: CompletionRecord[],
  days: number,
  weekStart = 1,
): string {
  const flags = qualifyingInRange({
    schedule,
    completions,
    from: addDays(TODAY, 1 - days),
    to: TODAY,
    today: TODAY,
    weekStart,
  });
  return [...flags].map((f) => (f ? 'q' : '.')).join('');
}

const summary = (schedule: HabitSchedule, completions: CompletionRecord[], weekStart = 1) =>
  streakSummary({ schedule, completions, today: TODAY, weekStart });

describe('qualifying days', () => {
  it('counts done and skipped days of a daily habit', () => {
    expect(qualifyingPattern(daily, pattern(TODAY, 'xx.xs.x'), 7)).toBe('qq.qq.q');
  });

  it('judges daily numeric days against the target', () => {
    const records = [done('2026-11-21', 5), done('2026-11-22', 4.99), skipped('2026-11-23'), done('2026-11-24', 0)];
    expect(qualifyingPattern(numeric('daily', 5), records, 5)).toBe('q.q..');
    expect(qualifyingPattern(numeric('daily', 4.99, 'at_most'), records, 5)).toBe('.qqq.');
  });

  it('fills every day of a met calendar week, and no day after today', () => {
    // Weeks start Monday: 16–22 Nov met (Mon, Wed, Fri), 23–25 Nov not yet.
    const records = [done('2026-11-16'), done('2026-11-18'), done('2026-11-20'), done('2026-11-23')];
    expect(qualifyingPattern(weekly(3), records, 10)).toBe('qqqqqqq...');
    expect(qualifyingPattern(weekly(1), records, 10)).toBe('qqqqqqqqqq');
  });

  it('lowers the weekly requirement by the week’s skipped days', () => {
    // Five skips leave two possible days, so two done days meet a 3-per-week goal.
    const records = [
      done('2026-11-16'),
      done('2026-11-17'),
      ...['18', '19', '20', '21', '22'].map((d) => skipped(`2026-11-${d}`)),
    ];
    expect(qualifyingPattern(weekly(3), records, 7 + 3)).toBe('qqqqqqq...');
    const fewerSkips = records.filter((r) => r.date !== '2026-11-22');
    expect(qualifyingPattern(weekly(3), fewerSkips, 10)).toBe('..qqqq....');
  });

  it('uses the user’s week start for weekly goals', () => {
    // Weeks starting Sunday: 15–21 Nov and 22–28 Nov. Done Sun 22, Mon 23 meets 2 per week.
    const records = [done('2026-11-22'), done('2026-11-23')];
    expect(qualifyingPattern(weekly(2), records, 4, 7)).toBe('qqqq');
    expect(qualifyingPattern(weekly(2), records, 4, 1)).toBe('....');
  });

  it('sums weekly numeric amounts against the target', () => {
    const records = [done('2026-11-16', 10), done('2026-11-20', 11), done('2026-11-24', 3)];
    expect(qualifyingPattern(numeric('weekly', 20), records, 10)).toBe('qqqqqqq...');
    expect(qualifyingPattern(numeric('weekly', 20, 'at_most'), records, 10)).toBe('.......qqq');
  });

  it('forms Loop intervals for N per M days', () => {
    // 1 per 7: done 10 days ago covers it and the 6 days after.
    expect(qualifyingPattern(custom(1, 7), [done(addDays(TODAY, -10))], 12)).toBe('.qqqqqqq....');
    // 2 per 7: two done days 3 days apart open [begin, begin + 6].
    expect(qualifyingPattern(custom(2, 7), [done(addDays(TODAY, -10)), done(addDays(TODAY, -7))], 12)).toBe(
      '.qqqqqqq....',
    );
    // Too far apart for 2 per 7: only the done days themselves.
    expect(qualifyingPattern(custom(2, 7), [done(addDays(TODAY, -10)), done(addDays(TODAY, -2))], 12)).toBe(
      '.q.......q..',
    );
  });

  it('snaps an older interval back when it runs into the newer one, as Loop does', () => {
    // 1 per 7, done 12 and 7 days ago: intervals [-7, -1] and [-12, -6]; the older overlaps by 2 and moves back
    // by min(end − center = 6, 2) = 2 to [-14, -8], so 14 days qualify in one run.
    const records = [done(addDays(TODAY, -12)), done(addDays(TODAY, -7))];
    expect(qualifyingPattern(custom(1, 7), records, 16)).toBe('.qqqqqqqqqqqqqq.');
    expect(summary(custom(1, 7), records)).toMatchObject({
      longest: 14,
      current: 14,
      currentStart: addDays(TODAY, -14),
    });
  });

  it('treats a "per month" period as the length of the month of its first day', () => {
    // 1 per 30 days from 10 Feb 2026: February has 28 days, so the interval ends 9 March.
    const flags = qualifyingInRange({
      schedule: custom(1, 30),
      completions: [done('2026-02-10')],
      from: '2026-03-08',
      to: '2026-03-11',
      today: '2026-03-20',
      weekStart: 1,
    });
    expect([...flags]).toEqual([1, 1, 0, 0]);
  });

  it("gives a check on the last day of a month the next month's length, as Loop 2.0.3+ does", () => {
    // 1 per 30 days from 31 January 2026: the interval is February's 28 days long, 31 January to 27 February.
    const flags = qualifyingInRange({
      schedule: custom(1, 30),
      completions: [done('2026-01-31')],
      from: '2026-02-26',
      to: '2026-03-01',
      today: '2026-03-20',
      weekStart: 1,
    });
    expect([...flags]).toEqual([1, 1, 0, 0]);
  });

  it('counts missed and unmarked days as not done, like days without a record', () => {
    const records = pattern(TODAY, 'xxmux');
    const blank = pattern(TODAY, 'xx..x');
    for (const schedule of [daily, custom(2, 3), weekly(3), numeric('daily', 1), numeric('custom', 2, 'at_least', 3)]) {
      expect(qualifyingPattern(schedule, records, 5)).toBe(qualifyingPattern(schedule, blank, 5));
    }
    expect(summary(daily, records)).toMatchObject({ current: 1, longest: 2, lastCompletionDate: TODAY });
  });

  it('treats N = M like daily', () => {
    const records = pattern(TODAY, 'xx.xs.x');
    expect(qualifyingPattern(custom(3, 3), records, 7)).toBe(qualifyingPattern(daily, records, 7));
  });

  it('sums custom numeric amounts over the rolling period', () => {
    const records = [done(addDays(TODAY, -4), 6), done(addDays(TODAY, -2), 5)];
    expect(qualifyingPattern(numeric('custom', 10, 'at_least', 3), records, 6)).toBe('...q..');
    expect(qualifyingPattern(numeric('custom', 6, 'at_most', 3), records, 6)).toBe('.qq.qq');
  });
});

describe(streakSummary.name, () => {
  it('keeps the streak when yesterday was skipped', () => {
    expect(summary(daily, pattern(TODAY, 'xxxsx'))).toMatchObject({
      current: 5,
      longest: 5,
      lastCompletionDate: TODAY,
    });
  });

  it('counts the run ending yesterday while today is still open', () => {
    expect(summary(daily, pattern(TODAY, 'xxx..'))).toMatchObject({ current: 0, longest: 3 });
    expect(summary(daily, pattern(addDays(TODAY, -1), 'xxx'))).toMatchObject({
      current: 3,
      currentStart: addDays(TODAY, -3),
      currentEnd: addDays(TODAY, -1),
    });
  });

  it('reports the longest run and where it ended', () => {
    expect(summary(daily, pattern(TODAY, 'xxxx.xx.x'))).toMatchObject({
      current: 1,
      longest: 4,
      longestEnd: addDays(TODAY, -5),
    });
  });

  it('keeps a weekly streak through the previous week while the current week is not met', () => {
    const lastWeek = [done('2026-11-16'), done('2026-11-18'), done('2026-11-20')];
    expect(summary(weekly(3), lastWeek)).toMatchObject({ current: 7, currentEnd: '2026-11-22' });
    const twoWeeksAgo = [done('2026-11-09'), done('2026-11-10'), done('2026-11-11')];
    expect(summary(weekly(3), twoWeeksAgo)).toMatchObject({ current: 0, longest: 7 });
  });

  it('has nothing for a habit without history', () => {
    expect(summary(daily, [])).toEqual({
      current: 0,
      currentStart: null,
      currentEnd: null,
      longest: 0,
      longestEnd: null,
      lastCompletionDate: null,
      asOf: TODAY,
    });
  });

  it('ignores records after today', () => {
    expect(summary(daily, [done(addDays(TODAY, 1)), done(TODAY)])).toMatchObject({
      current: 1,
      lastCompletionDate: TODAY,
    });
  });

  it('does not count skips as completions', () => {
    expect(summary(daily, pattern(TODAY, 'xss'))).toMatchObject({ current: 3, lastCompletionDate: addDays(TODAY, -2) });
  });
});

describe(bestStreaks.name, () => {
  it('sorts runs by length, ties by the more recent end', () => {
    const records = pattern(TODAY, 'xx.xxx.xx.x');
    const best = bestStreaks({ schedule: daily, completions: records, today: TODAY, weekStart: 1, limit: 3 });
    expect(best).toEqual([
      { start: addDays(TODAY, -7), end: addDays(TODAY, -5), length: 3 },
      { start: addDays(TODAY, -3), end: addDays(TODAY, -2), length: 2 },
      { start: addDays(TODAY, -10), end: addDays(TODAY, -9), length: 2 },
    ]);
  });

  it('never reaches past today', () => {
    const best = bestStreaks({
      schedule: custom(1, 7),
      completions: [done(TODAY)],
      today: TODAY,
      weekStart: 1,
      limit: 1,
    });
    expect(best).toEqual([{ start: TODAY, end: TODAY, length: 1 }]);
    expect(dayNumber(best[0]!.end)).toBeLessThanOrEqual(dayNumber(TODAY));
    expect(isoDate(dayNumber(TODAY))).toBe(TODAY);
  });
});
