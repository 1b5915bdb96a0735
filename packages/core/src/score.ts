import { dayNumber, isoDate, type IsoDate } from './days.js';
import { frequencyOf, type CompletionRecord, type CompletionStatus, type HabitSchedule } from './habit.js';
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

/** The unrounded score walk from the first record to `to`: `visit(day, carry, score)` for each day from `from`. */
function walkScores(
  { schedule, completions, from, to }: ScoreInput,
  visit: (day: number, carry: number, score: number) => void,
): void {
  const fromDay = dayNumber(from);
  const toDay = dayNumber(to);
  const first = firstRecordDay(completions);
  if (first === null || toDay < first) return;

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

  let score = initialScore(schedule);
  for (let i = 0; i < status.length; i++) {
    const carry = score;
    if (status[i] !== SKIPPED) {
      const completion =
        schedule.type === 'numeric'
          ? numericCompletion(schedule, windowSum(sums, i, m))
          : Math.min(1, windowSum(sums, i, window) / needed);
      score = nextScore(score, completion, multiplier);
    }
    if (first + i >= fromDay) visit(first + i, carry, score);
  }
}

function initialScore(schedule: HabitSchedule): number {
  return schedule.type === 'numeric' && schedule.targetType === 'at_most' ? 1 : 0;
}

/**
 * Loop Habit Tracker's habit strength for every day in [from, to] (index 0 = `from`), to 6 decimals
 * (docs/habit-semantics.md, "Strength score"): computed from the first record; skipped days hold the score.
 */
export function scoreValues(input: ScoreInput): Float64Array {
  return exactScoreValues(input).map(roundScore);
}

/** {@link scoreValues} unrounded, for a format that rounds on its own (Loop's CSV export: 4 decimals). */
export function exactScoreValues(input: ScoreInput): Float64Array {
  const fromDay = dayNumber(input.from);
  const scores = new Float64Array(Math.max(0, dayNumber(input.to) - fromDay + 1));
  if (firstRecordDay(input.completions) === null) return scores.fill(initialScore(input.schedule));
  walkScores(input, (day, _carry, score) => {
    scores[day - fromDay] = score;
  });
  return scores;
}

/**
 * The unrounded score on `date` and the score carried into it (the day before's, or the starting score when `date`
 * holds the first record): what a stored streak row keeps so a write on that day can step the score alone.
 */
export interface ScoreState {
  score: number;
  previousScore: number;
}

/** {@link ScoreState} on `date`; `roundScore(score)` equals {@link scoreValues} on that day. */
export function scoreStateOn(input: Omit<ScoreInput, 'from' | 'to'> & { date: IsoDate }): ScoreState {
  const start = firstRecordDay(input.completions) === null ? initialScore(input.schedule) : 0;
  const state: ScoreState = { score: start, previousScore: start };
  walkScores({ ...input, from: input.date, to: input.date }, (_day, carry, score) => {
    state.score = score;
    state.previousScore = carry;
  });
  return state;
}

/**
 * The score state after a write on `today`, from the stored state alone, or null when only a full recompute is
 * provably right. Handled: schedules whose day score depends on that day's record alone (daily, numeric daily), a
 * state as of `today`, and a change on today that leaves a record there (a removal may leave no record at all).
 */
export function updateScoreIncrementally({
  schedule,
  state,
  asOf,
  change,
  today,
}: {
  schedule: HabitSchedule;
  state: ScoreState;
  asOf: IsoDate;
  change: { date: IsoDate; after: { status: CompletionStatus; value: number } | null };
  today: IsoDate;
}): ScoreState | null {
  const { n, m } = frequencyOf(schedule);
  if (n !== 1 || m !== 1 || asOf !== today || change.date !== today || change.after === null) return null;
  const { status, value } = change.after;
  if (status === 'skipped') return { score: state.previousScore, previousScore: state.previousScore };
  const done = status === 'done';
  const completion = schedule.type === 'numeric' ? numericCompletion(schedule, done ? value : 0) : done ? 1 : 0;
  return { score: nextScore(state.previousScore, completion, scoreMultiplier(1)), previousScore: state.previousScore };
}

/**
 * The score state on a later `today`, when no record lies after `asOf`: each day between steps as a day without a
 * record. Only where a day's score depends on its own record alone (n = m = 1); null otherwise, and where a state at
 * the starting score may be a history with no record yet (its score never moves) while a step would move it.
 */
export function advanceScore({
  schedule,
  state,
  asOf,
  today,
}: {
  schedule: HabitSchedule;
  state: ScoreState;
  asOf: IsoDate;
  today: IsoDate;
}): ScoreState | null {
  const { n, m } = frequencyOf(schedule);
  if (n !== 1 || m !== 1 || !(asOf < today)) return null;
  const empty = schedule.type === 'numeric' ? numericCompletion(schedule, 0) : 0;
  const multiplier = scoreMultiplier(1);
  const start = initialScore(schedule);
  if (state.score === start && nextScore(start, empty, multiplier) !== start) return null;
  let { score, previousScore } = state;
  for (let day = dayNumber(asOf) + 1; day <= dayNumber(today); day++) {
    previousScore = score;
    score = nextScore(score, empty, multiplier);
  }
  return { score, previousScore };
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
