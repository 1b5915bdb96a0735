import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { custom, daily, numeric, weekly } from '../test/habits.js';
import { addDays, dayNumber } from './days.js';
import type { CompletionRecord, HabitSchedule } from './habit.js';
import { advanceStreak, updateStreakIncrementally, type DayRecord } from './incremental.js';
import { advanceScore, roundScore, scoreSeries, scoreStateOn, scoreValues, updateScoreIncrementally } from './score.js';
import { habitStats, qualifyingInRange } from './stats.js';
import { bestStreaks, streakSummary } from './streaks.js';

const TODAY = '2026-11-24';
const DAYS = 90;
const RUNS = 300;

const schedules: fc.Arbitrary<HabitSchedule> = fc.oneof(
  fc.constant(daily),
  fc.integer({ min: 1, max: 7 }).map(weekly),
  fc.integer({ min: 2, max: 40 }).chain((m) => fc.integer({ min: 1, max: m }).map((n) => custom(n, m))),
  fc.constantFrom(30, 31).chain((m) => fc.integer({ min: 1, max: 4 }).map((n) => custom(n, m))),
  fc
    .tuple(fc.constantFrom<HabitSchedule['goalType']>('daily', 'weekly'), fc.integer({ min: 1, max: 20 }))
    .map(([g, t]) => numeric(g, t)),
  fc.integer({ min: 2, max: 30 }).map((m) => numeric('custom', 10, 'at_least', m)),
  fc
    .tuple(fc.constantFrom<HabitSchedule['goalType']>('daily', 'weekly'), fc.integer({ min: 0, max: 20 }))
    .map(([g, t]) => numeric(g, t, 'at_most')),
);

const dailySchedules: fc.Arbitrary<HabitSchedule> = fc.oneof(
  fc.constant(daily),
  fc.integer({ min: 1, max: 10 }).map((n) => custom(n, n)),
  fc.integer({ min: 1, max: 5 }).map((t) => numeric('daily', t)),
  fc.integer({ min: 0, max: 5 }).map((t) => numeric('daily', t, 'at_most')),
);

const dayRecord: fc.Arbitrary<DayRecord> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 8 }).map((value) => ({ status: 'done' as const, value })) },
  { weight: 1, arbitrary: fc.constant({ status: 'skipped' as const, value: 0 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom({ status: 'missed' as const, value: 0 }, { status: 'unmarked' as const, value: 0 }),
  },
);

/** A history of the last DAYS days ending today, as one optional record per day (index 0 = oldest). */
const histories = fc.array(dayRecord, { minLength: DAYS, maxLength: DAYS });

function toCompletions(days: readonly DayRecord[], schedule: HabitSchedule): CompletionRecord[] {
  const records: CompletionRecord[] = [];
  days.forEach((record, i) => {
    if (!record) return;
    const value = schedule.type === 'boolean' && record.status === 'done' ? 1 : record.value;
    records.push({ date: addDays(TODAY, i - days.length + 1), status: record.status, value });
  });
  return records;
}

const weekStarts = fc.integer({ min: 1, max: 7 });

describe('habit science invariants', () => {
  it('keeps current ≤ longest, with the current run ending no later than today', () => {
    fc.assert(
      fc.property(schedules, histories, weekStarts, (schedule, days, weekStart) => {
        const state = streakSummary({ schedule, completions: toCompletions(days, schedule), today: TODAY, weekStart });
        expect(state.current).toBeLessThanOrEqual(state.longest);
        if (state.currentEnd) expect(state.currentEnd <= TODAY).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('lists best streaks that never overlap and never pass today', () => {
    fc.assert(
      fc.property(schedules, histories, weekStarts, (schedule, days, weekStart) => {
        const best = bestStreaks({
          schedule,
          completions: toCompletions(days, schedule),
          today: TODAY,
          weekStart,
          limit: 50,
        });
        const sorted = [...best].sort((a, b) => a.start.localeCompare(b.start));
        for (let i = 0; i < sorted.length; i++) {
          const run = sorted[i]!;
          expect(run.end <= TODAY).toBe(true);
          expect(dayNumber(run.end) - dayNumber(run.start) + 1).toBe(run.length);
          if (i > 0) expect(dayNumber(run.start)).toBeGreaterThan(dayNumber(sorted[i - 1]!.end) + 1);
        }
        for (let i = 1; i < best.length; i++) expect(best[i]!.length).toBeLessThanOrEqual(best[i - 1]!.length);
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps every score within [0, 1]', () => {
    fc.assert(
      fc.property(schedules, histories, (schedule, days) => {
        const series = scoreSeries({
          schedule,
          completions: toCompletions(days, schedule),
          from: addDays(TODAY, -DAYS),
          to: TODAY,
        });
        for (const point of series) {
          expect(point.score).toBeGreaterThanOrEqual(0);
          expect(point.score).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('never lowers a streak when an empty day is skipped', () => {
    fc.assert(
      fc.property(schedules, histories, fc.nat(DAYS - 1), weekStarts, (schedule, days, index, weekStart) => {
        fc.pre(days[index] === null);
        const withSkip = days.map((d, i) => (i === index ? { status: 'skipped' as const, value: 0 } : d));
        const before = streakSummary({ schedule, completions: toCompletions(days, schedule), today: TODAY, weekStart });
        const after = streakSummary({
          schedule,
          completions: toCompletions(withSkip, schedule),
          today: TODAY,
          weekStart,
        });
        expect(after.current).toBeGreaterThanOrEqual(before.current);
        expect(after.longest).toBeGreaterThanOrEqual(before.longest);
      }),
      { numRuns: RUNS },
    );
  });

  it('never lowers a streak or a later score when a done day is added to an at-least habit', () => {
    const atLeast = schedules.filter((s) => s.targetType === 'at_least');
    fc.assert(
      fc.property(
        atLeast,
        histories,
        fc.nat(DAYS - 1),
        fc.integer({ min: 1, max: 8 }),
        weekStarts,
        (schedule, days, index, value, weekStart) => {
          fc.pre(days[index] === null);
          const withDone = days.map((d, i) => (i === index ? { status: 'done' as const, value } : d));
          const date = addDays(TODAY, index - DAYS + 1);
          const before = toCompletions(days, schedule);
          const after = toCompletions(withDone, schedule);
          const a = streakSummary({ schedule, completions: before, today: TODAY, weekStart });
          const b = streakSummary({ schedule, completions: after, today: TODAY, weekStart });
          expect(b.current).toBeGreaterThanOrEqual(a.current);
          expect(b.longest).toBeGreaterThanOrEqual(a.longest);
          const scoresBefore = scoreSeries({ schedule, completions: before, from: date, to: TODAY });
          const scoresAfter = scoreSeries({ schedule, completions: after, from: date, to: TODAY });
          scoresAfter.forEach((point, i) => expect(point.score).toBeGreaterThanOrEqual(scoresBefore[i]!.score));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('counts missed and unmarked days exactly like days without a record, once the history has begun', () => {
    const notDone = fc.constantFrom<CompletionRecord['status']>('missed', 'unmarked');
    fc.assert(
      fc.property(
        schedules,
        histories,
        weekStarts,
        fc.array(fc.tuple(fc.nat(DAYS - 1), notDone)),
        (schedule, days, weekStart, marks) => {
          const completions = toCompletions(days, schedule);
          if (completions.length === 0) return;
          const first = completions[0]!.date;
          const taken = new Set(completions.map((record) => record.date));
          const extra = marks
            .map(([back, status]) => ({ date: addDays(TODAY, -back), status, value: 0 }))
            .filter((record) => record.date > first && !taken.has(record.date));
          const marked = [...completions, ...extra];
          const range = { schedule, today: TODAY, weekStart, from: addDays(TODAY, -DAYS), to: TODAY };
          expect(streakSummary({ ...range, completions: marked })).toEqual(streakSummary({ ...range, completions }));
          expect([...qualifyingInRange({ ...range, completions: marked })]).toEqual([
            ...qualifyingInRange({ ...range, completions }),
          ]);
          expect(scoreValues({ ...range, completions: marked })).toEqual(scoreValues({ ...range, completions }));
          expect(habitStats({ ...range, start: first, completions: marked })).toEqual(
            habitStats({ ...range, start: first, completions }),
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('updates incrementally to exactly what a full recompute gives', () => {
    let incremental = 0;
    fc.assert(
      fc.property(dailySchedules, histories, fc.boolean(), dayRecord, (schedule, days, onToday, after) => {
        const index = onToday ? DAYS - 1 : DAYS - 2;
        const date = addDays(TODAY, index - DAYS + 1);
        const changed = days.map((d, i) => (i === index ? after : d));
        const state = streakSummary({
          schedule,
          completions: toCompletions(days, schedule),
          today: TODAY,
          weekStart: 1,
        });
        const expected = streakSummary({
          schedule,
          completions: toCompletions(changed, schedule),
          today: TODAY,
          weekStart: 1,
        });
        const normalise = (r: DayRecord) =>
          r && schedule.type === 'boolean' && r.status === 'done' ? { ...r, value: 1 } : r;
        const result = updateStreakIncrementally({
          schedule,
          state,
          change: { date, before: normalise(days[index] ?? null), after: normalise(after) },
          today: TODAY,
        });
        if (result) {
          incremental++;
          expect(result).toEqual(expected);
        }
      }),
      { numRuns: 2000 },
    );
    // The fast path must actually be taken for common writes, not always fall back.
    expect(incremental).toBeGreaterThan(800);
  });

  it('steps the stored score on a write today to exactly the full recompute, bit for bit', () => {
    let incremental = 0;
    fc.assert(
      fc.property(fc.oneof(dailySchedules, schedules), histories, dayRecord, (schedule, days, after) => {
        const changed = [...days.slice(0, -1), after];
        const state = scoreStateOn({ schedule, completions: toCompletions(days, schedule), date: TODAY });
        const completions = toCompletions(changed, schedule);
        const expected = scoreStateOn({ schedule, completions, date: TODAY });
        const result = updateScoreIncrementally({
          schedule,
          state,
          asOf: TODAY,
          change: { date: TODAY, after },
          today: TODAY,
        });
        expect(roundScore(expected.score)).toBe(scoreValues({ schedule, completions, from: TODAY, to: TODAY })[0]);
        if (result) {
          incremental++;
          expect(result).toEqual(expected);
        }
      }),
      { numRuns: 2000 },
    );
    expect(incremental).toBeGreaterThan(500);
  });

  it('steps a stored state over days without records to exactly the full recompute on the later day, bit for bit', () => {
    let stepped = 0;
    fc.assert(
      fc.property(
        // An at-least target of 0 is refused at the API, but the schedule type allows it: its empty day scores 1.
        fc.oneof(dailySchedules, schedules, fc.constant(numeric('daily', 0))),
        fc.oneof(histories, fc.constant(Array<DayRecord>(DAYS).fill(null))),
        fc.integer({ min: 1, max: 400 }),
        (schedule, days, gap) => {
          const completions = toCompletions(days, schedule);
          const later = addDays(TODAY, gap);
          const on = (today: string) => ({
            ...streakSummary({ schedule, completions, today, weekStart: 1 }),
            ...scoreStateOn({ schedule, completions, date: today }),
          });
          const state = on(TODAY);
          const streak = advanceStreak({ schedule, state, today: later });
          const score = advanceScore({ schedule, state, asOf: TODAY, today: later });
          if (streak && score) {
            stepped++;
            expect({ ...streak, ...score }).toEqual(on(later));
          }
          expect(advanceStreak({ schedule, state, today: TODAY })).toBeNull();
          expect(advanceScore({ schedule, state, asOf: TODAY, today: TODAY })).toBeNull();
        },
      ),
      { numRuns: 2000 },
    );
    expect(stepped).toBeGreaterThan(500);
  });
});
