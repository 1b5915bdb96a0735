import { dayNumber, isoDate, type IsoDate } from './days.js';
import { frequencyOf, type CompletionRecord, type HabitSchedule } from './habit.js';
import { DONE, SKIPPED, buildHistory, firstRecordDay, prefixSums, windowSum } from './history.js';

export interface ScorePoint {
  date: IsoDate;
  score: number;
}

export interface ScoreInput {
  schedule: HabitSchedule;
  completions: readonly CompletionRecord[];
  from: IsoDate;
  to: IsoDate;
}

/** Loop's per-day multiplier for a frequency f: the score's half-life grows as the habit gets rarer. */
export function scoreMultiplier(frequency: number): number {
  return Math.pow(0.5, Math.sqrt(frequency) / 13);
}

/** One day's step of Loop's exponential score towards the day's completion in [0, 1]. */
export function nextScore(previous: number, completion: number, multiplier: number): number {
  return previous * multiplier + completion * (1 - multiplier);
}

export function roundScore(score: number): number {
  return Math.round(score * 1e6) / 1e6;
}

function numericCompletion(schedule: HabitSchedule, sum: number): number {
  const target = schedule.targetValue ?? 0;
  if (schedule.targetType === 'at_least') return target === 0 ? 1 : Math.min(1, sum / target);
  if (target === 0) return sum > 0 ? 0 : 1;
  return Math.min(1, Math.max(0, 1 - (sum - target) / target));
}

/**
 * Loop Habit Tracker's habit strength for every day in [from, to] (index 0 = `from`), to 6 decimals
 * (habit-semantics.md §5): computed from the first record; skipped days hold the score.
 */
export function scoreValues({ schedule, completions, from, to }: ScoreInput): Float64Array {
  const fromDay = dayNumber(from);
  const toDay = dayNumber(to);
  const atMost = schedule.type === 'numeric' && schedule.targetType === 'at_most';
  const first = firstRecordDay(completions);
  const scores = new Float64Array(Math.max(0, toDay - fromDay + 1));
  if (first === null) return scores.fill(atMost ? 1 : 0);
  if (toDay < first) return scores;

  const history = buildHistory(completions, first, toDay);
  const { status, value } = history;
  const { n, m } = frequencyOf(schedule);
  const frequency = n / m;
  const multiplier = scoreMultiplier(frequency);
  const [needed, window] = frequency < 1 ? [2 * n, 2 * m] : [n, m];
  const sums =
    schedule.type === 'numeric'
      ? prefixSums(status.length, (i) => value[i]!)
      : prefixSums(status.length, (i) => (status[i] === DONE ? 1 : 0));

  let score = atMost ? 1 : 0;
  for (let i = 0; i < status.length; i++) {
    if (status[i] !== SKIPPED) {
      const completion =
        schedule.type === 'numeric'
          ? numericCompletion(schedule, windowSum(sums, i, m))
          : Math.min(1, windowSum(sums, i, window) / needed);
      score = nextScore(score, completion, multiplier);
    }
    const index = first + i - fromDay;
    if (index >= 0) scores[index] = roundScore(score);
  }
  return scores;
}

/** {@link scoreValues} as dated points, oldest first. */
export function scoreSeries(input: ScoreInput): ScorePoint[] {
  const fromDay = dayNumber(input.from);
  return Array.from(scoreValues(input), (score, i) => ({ date: isoDate(fromDay + i), score }));
}

/** The strength score on one day. */
export function scoreOn(input: Omit<ScoreInput, 'from' | 'to'> & { date: IsoDate }): number {
  return scoreSeries({ ...input, from: input.date, to: input.date })[0]!.score;
}
