import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { custom, daily, done, numeric, pattern, skipped, weekly } from '../test/habits.js';
import {
  affectedDays,
  dailyAggregates,
  dependencyDays,
  heatmapFromAggregates,
  previousRange,
  summarizeAggregates,
  type AnalyticsHabit,
} from './analytics.js';
import { addDays, dayNumber, isoDate, startOfWeek } from './days.js';
import type { CompletionRecord, HabitSchedule } from './habit.js';
import { habitStats, qualifyingInRange } from './stats.js';

const TODAY = '2026-11-24';

describe(dailyAggregates.name, () => {
  it('counts active, qualifying, considered and done habits per day and category', () => {
    const habits: AnalyticsHabit[] = [
      { schedule: daily, completions: pattern(TODAY, 'xsx.'), start: addDays(TODAY, -3), category: 'health' },
      { schedule: daily, completions: pattern(TODAY, 'x'), start: addDays(TODAY, -1), category: null },
    ];
    const days = dailyAggregates({ habits, from: addDays(TODAY, -3), to: TODAY, today: TODAY, weekStart: 1 });
    expect(days).toEqual([
      {
        date: '2026-11-21',
        category: 'health',
        active: 1,
        qualifying: 1,
        considered: 1,
        consideredQualifying: 1,
        doneDays: 1,
      },
      {
        date: '2026-11-22',
        category: 'health',
        active: 1,
        qualifying: 1,
        considered: 0,
        consideredQualifying: 0,
        doneDays: 0,
      },
      {
        date: '2026-11-23',
        category: 'health',
        active: 1,
        qualifying: 1,
        considered: 1,
        consideredQualifying: 1,
        doneDays: 1,
      },
      {
        date: '2026-11-23',
        category: null,
        active: 1,
        qualifying: 0,
        considered: 1,
        consideredQualifying: 0,
        doneDays: 0,
      },
      // Today not done yet is pending: no miss, so not counted.
      {
        date: '2026-11-24',
        category: 'health',
        active: 1,
        qualifying: 0,
        considered: 0,
        consideredQualifying: 0,
        doneDays: 0,
      },
      {
        date: '2026-11-24',
        category: null,
        active: 1,
        qualifying: 1,
        considered: 1,
        consideredQualifying: 1,
        doneDays: 1,
      },
    ]);
  });

  it('never reports a day after today', () => {
    const habits: AnalyticsHabit[] = [{ schedule: daily, completions: [done(TODAY)], start: TODAY, category: null }];
    expect(dailyAggregates({ habits, from: TODAY, to: addDays(TODAY, 5), today: TODAY, weekStart: 1 })).toHaveLength(1);
  });
});

describe(heatmapFromAggregates.name, () => {
  const heatmap = (habits: Omit<AnalyticsHabit, 'category'>[], from: string, to: string) =>
    heatmapFromAggregates(
      dailyAggregates({
        habits: habits.map((habit) => ({ ...habit, category: null })),
        from,
        to,
        today: TODAY,
        weekStart: 1,
      }),
      from,
      to < TODAY ? to : TODAY,
    );

  it('divides qualifying habits by started habits per day', () => {
    const days = heatmap(
      [
        { schedule: daily, completions: pattern(TODAY, 'x.x'), start: '2026-11-01' },
        { schedule: weekly(1), completions: [done('2026-11-24')], start: '2026-11-24' },
      ],
      '2026-11-22',
      '2026-11-30',
    );
    expect(days.map((d) => [d.date, d.qualifying, d.active])).toEqual([
      ['2026-11-22', 1, 1],
      ['2026-11-23', 0, 1],
      ['2026-11-24', 2, 2],
    ]);
    expect(days[1]?.ratio).toBe(0);
    expect(days[2]?.ratio).toBe(1);
  });

  it('has no ratio on days before any habit started, nor on a today still pending', () => {
    const days = heatmap([{ schedule: daily, completions: [], start: TODAY }], '2026-11-23', TODAY);
    expect(days.map((d) => [d.active, d.considered, d.ratio])).toEqual([
      [0, 0, null],
      [1, 0, null],
    ]);
  });
});

describe(summarizeAggregates.name, () => {
  it('rates qualifying over considered days overall and per category, null where nothing is considered', () => {
    const base = { active: 1, qualifying: 1, doneDays: 1 };
    const summary = summarizeAggregates([
      { ...base, date: TODAY, category: 'b', considered: 2, consideredQualifying: 1 },
      { ...base, date: TODAY, category: 'a', considered: 2, consideredQualifying: 2 },
      { ...base, date: TODAY, category: null, considered: 0, consideredQualifying: 0 },
    ]);
    expect(summary).toEqual({
      completionRate: 3 / 4,
      doneDays: 3,
      byCategory: [
        { category: null, completionRate: null },
        { category: 'a', completionRate: 1 },
        { category: 'b', completionRate: 0.5 },
      ],
    });
  });

  it('gives the previous range of the same length', () => {
    expect(previousRange('2026-11-01', '2026-11-30')).toEqual({ from: '2026-10-02', to: '2026-10-31' });
  });
});

const schedules: fc.Arbitrary<HabitSchedule> = fc.oneof(
  fc.constant(daily),
  fc.integer({ min: 1, max: 7 }).map(weekly),
  fc.integer({ min: 2, max: 40 }).chain((m) => fc.integer({ min: 1, max: m }).map((n) => custom(n, m))),
  fc.constantFrom(30, 31).chain((m) => fc.integer({ min: 1, max: 4 }).map((n) => custom(n, m))),
  fc.integer({ min: 1, max: 10 }).map((t) => numeric('daily', t)),
  fc.integer({ min: 2, max: 30 }).map((m) => numeric('custom', 5, 'at_least', m)),
  fc.integer({ min: 1, max: 10 }).map((t) => numeric('weekly', t, 'at_most')),
);

const DAYS = 150;
const records = fc
  .array(fc.oneof(fc.constant(null), fc.constant(null), fc.integer({ min: 0, max: 6 }), fc.constant(-1)), {
    minLength: DAYS,
    maxLength: DAYS,
  })
  .map((marks) =>
    marks.flatMap((mark, i): CompletionRecord[] => {
      const date = addDays(TODAY, i - DAYS + 1);
      if (mark === null) return [];
      return [mark === -1 ? skipped(date) : done(date, mark)];
    }),
  );
const habit = fc.record({
  schedule: schedules,
  completions: records,
  startBack: fc.integer({ min: 0, max: DAYS + 10 }),
  category: fc.constantFrom<string | null>(null, 'a', 'b'),
});

describe('analytics invariants', () => {
  it('agree with the per-habit stats and the heatmap, and split over ranges exactly', () => {
    fc.assert(
      fc.property(
        fc.array(habit, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 120 }),
        (drawn, weekStart, split) => {
          const habits = drawn.map(({ schedule, completions, startBack, category }) => {
            const first = completions[0]?.date;
            const created = addDays(TODAY, -startBack);
            return { schedule, completions, start: first && first < created ? first : created, category };
          });
          const from = addDays(TODAY, -120);
          const all = dailyAggregates({ habits, from, to: TODAY, today: TODAY, weekStart });

          for (const h of habits) {
            const own = summarizeAggregates(dailyAggregates({ habits: [h], from, to: TODAY, today: TODAY, weekStart }));
            const stats = habitStats({ ...h, from, to: TODAY, today: TODAY, weekStart });
            expect(own.completionRate).toBe(stats.completionRate);
            expect(own.doneDays).toBe(stats.doneDays);
          }

          // Oracle, one habit at a time: per day the habits started, the ones qualifying, and the ones that count —
          // not skipped, and not pending (today, or a weekly goal's current week) unless they already qualify.
          const oracle = heatmapFromAggregates([], from, TODAY).map((day) => ({ ...day, counted: 0 }));
          for (const h of habits) {
            const flags = qualifyingInRange({ ...h, from, to: TODAY, today: TODAY, weekStart });
            const skipped = new Set(h.completions.filter((c) => c.status === 'skipped').map((c) => c.date));
            const pendingFrom =
              h.schedule.goalType === 'weekly' ? isoDate(startOfWeek(dayNumber(TODAY), weekStart)) : TODAY;
            oracle.forEach((day, i) => {
              if (day.date < h.start) return;
              day.active++;
              day.qualifying += flags[i]!;
              if (skipped.has(day.date) || (day.date >= pendingFrom && flags[i] === 0)) return;
              day.considered++;
              day.counted += flags[i]!;
            });
          }
          const expected = oracle.map(({ counted, ...day }) => ({
            ...day,
            ratio: day.considered === 0 ? null : counted / day.considered,
          }));
          expect(heatmapFromAggregates(all, from, TODAY)).toEqual(expected);

          const middle = addDays(from, split);
          const parts = [
            ...dailyAggregates({ habits, from, to: middle, today: TODAY, weekStart }),
            ...dailyAggregates({ habits, from: addDays(middle, 1), to: TODAY, today: TODAY, weekStart }),
          ];
          expect(parts).toEqual(all);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('decide today from the last dependencyDays of records alone', () => {
    fc.assert(
      fc.property(schedules, records, fc.integer({ min: 1, max: 7 }), (schedule, completions, weekStart) => {
        const horizon = addDays(TODAY, -dependencyDays(schedule));
        const recent = completions.filter((c) => c.date >= horizon);
        const full = qualifyingInRange({ schedule, completions, from: TODAY, to: TODAY, today: TODAY, weekStart });
        const windowed = qualifyingInRange({
          schedule,
          completions: recent,
          from: TODAY,
          to: TODAY,
          today: TODAY,
          weekStart,
        });
        expect(windowed[0]).toBe(full[0]);
      }),
      { numRuns: 3000 },
    );
    expect(dayNumber(TODAY)).toBeGreaterThan(0);
  });

  it('change qualification only within affectedDays of a changed record', () => {
    const change = fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 6 }), fc.constant(-1));
    fc.assert(
      fc.property(
        schedules,
        records,
        fc.integer({ min: 0, max: DAYS - 1 }),
        change,
        fc.integer({ min: 1, max: 7 }),
        (schedule, completions, back, mark, weekStart) => {
          const date = addDays(TODAY, -back);
          const changed = completions.filter((c) => c.date !== date);
          if (mark !== null) changed.push(mark === -1 ? skipped(date) : done(date, mark));
          changed.sort((a, b) => (a.date < b.date ? -1 : 1));
          const from = addDays(TODAY, -DAYS - 70);
          const before = qualifyingInRange({ schedule, completions, from, to: TODAY, today: TODAY, weekStart });
          const after = qualifyingInRange({ schedule, completions: changed, from, to: TODAY, today: TODAY, weekStart });
          const affected = affectedDays(schedule, date, weekStart);
          before.forEach((flag, i) => {
            const day = addDays(from, i);
            if (day < affected.from || day > affected.to) expect([day, after[i]]).toEqual([day, flag]);
          });
        },
      ),
      { numRuns: 3000 },
    );
  });
});
