import {
  addDays,
  advanceScore,
  advanceStreak,
  scoreStateOn,
  streakSummary,
  updateScoreIncrementally,
  updateStreakIncrementally,
  type CompletionRecord,
  type DayRecord,
  type HabitSchedule,
  type IsoDate,
  type ScoreState,
  type StreakState,
} from '@streakforge/core';
import type { Habit } from './entities/habit.entity.js';
import type { EntityManager } from './orm.js';
import { instantParam, prepared, tables, type Tables } from './tables.js';
import type { Kysely } from 'kysely';

/** A habit's stored streak and score, as the core package defines them. */
export type StoredStreakState = StreakState & ScoreState;

/** The schedule fields of a habit (entity or plain row), as the core package reads them. */
export function scheduleOf(
  habit: Pick<Habit, 'type' | 'goalType' | 'timesPerPeriod' | 'periodDays' | 'targetType'> & { targetValue?: unknown },
): HabitSchedule {
  return {
    type: habit.type,
    goalType: habit.goalType,
    timesPerPeriod: habit.timesPerPeriod,
    periodDays: habit.periodDays,
    targetValue: habit.targetValue == null ? null : Number(habit.targetValue),
    targetType: habit.targetType,
  };
}

/**
 * The records of the given habits (only those dated within `window` when given), oldest first per habit, read
 * without hydrating entities; an index range scan per call.
 */
export async function loadCompletionRecords(
  em: EntityManager,
  habitIds: readonly number[],
  window?: { from: IsoDate; to: IsoDate },
): Promise<Map<number, CompletionRecord[]>> {
  const byHabit = new Map<number, CompletionRecord[]>(habitIds.map((id) => [id, []]));
  if (habitIds.length === 0) return byHabit;
  const rows = await tables(em)
    .selectFrom('habit_completions')
    .select(['habit_id as habitId', 'completion_date as date', 'status', 'value'])
    .where('habit_id', 'in', habitIds)
    .$if(window !== undefined, (query) =>
      query.where('completion_date', '>=', window!.from).where('completion_date', '<=', window!.to),
    )
    .orderBy('habit_id')
    .orderBy('completion_date')
    .execute();
  for (const row of rows) byHabit.get(row.habitId)?.push({ date: row.date, status: row.status, value: row.value });
  return byHabit;
}

/** The full streak and score state of a habit as of `today`, from its records. */
export function computeStreakState(input: {
  schedule: HabitSchedule;
  completions: readonly CompletionRecord[];
  today: IsoDate;
  weekStart: number;
}): StoredStreakState {
  return { ...streakSummary(input), ...scoreStateOn({ ...input, date: input.today }) };
}

/** A habit as the streak keeper needs it: its id and schedule fields (an entity or a plain row). */
export type StreakHabit = Parameters<typeof scheduleOf>[0] & { id: number };

/**
 * The habits' streak states as of `today`, without writing: the stored row where it is as of today; stepped from the
 * stored row where only days without a record have passed since (daily schedules: one range read of the records
 * after the oldest such row, normally empty); else computed from all the records. Reads after the user's midnight
 * and the rollover both come here, so neither reads whole histories for a new day.
 */
export async function streakStatesOn(
  em: EntityManager,
  habits: readonly StreakHabit[],
  { today, weekStart }: { today: IsoDate; weekStart: number },
): Promise<Map<number, StoredStreakState>> {
  const stored = await readStreakStates(
    em,
    habits.map((habit) => habit.id),
  );
  const states = new Map<number, StoredStreakState>();
  const stepped = new Map<number, StoredStreakState>();
  for (const habit of habits) {
    const row = stored.get(habit.id);
    if (!row) continue;
    if (isStreakRowCurrent(row.asOf, today)) {
      states.set(habit.id, row);
      continue;
    }
    const state = row.asOf === STALE_AS_OF ? null : advanceState(scheduleOf(habit), row, today);
    if (state) stepped.set(habit.id, state);
  }
  if (stepped.size > 0) {
    const oldest = [...stepped.keys()].map((id) => stored.get(id)!.asOf).sort()[0]!;
    const later = await loadCompletionRecords(em, [...stepped.keys()], { from: addDays(oldest, 1), to: today });
    for (const [id, state] of stepped) {
      const asOf = stored.get(id)!.asOf;
      if (!later.get(id)!.some((record) => record.date > asOf)) states.set(id, state);
    }
  }
  const rest = habits.filter((habit) => !states.has(habit.id));
  const records = await loadCompletionRecords(
    em,
    rest.map((habit) => habit.id),
  );
  for (const habit of rest)
    states.set(
      habit.id,
      computeStreakState({ schedule: scheduleOf(habit), completions: records.get(habit.id)!, today, weekStart }),
    );
  return states;
}

function advanceState(schedule: HabitSchedule, state: StoredStreakState, today: IsoDate): StoredStreakState | null {
  const streak = advanceStreak({ schedule, state, today });
  const score = streak && advanceScore({ schedule, state, asOf: state.asOf, today });
  return streak && score ? { ...streak, ...score } : null;
}

const selectStreaks = (db: Kysely<Tables>) =>
  db
    .selectFrom('streaks')
    .select([
      'habit_id as habitId',
      'current',
      'current_start as currentStart',
      'current_end as currentEnd',
      'longest',
      'longest_end as longestEnd',
      'last_completion_date as lastCompletionDate',
      'as_of as asOf',
      'score',
      'previous_score as previousScore',
    ]);

/** One habit's streak row: every write reads it (see `prepared`). */
const selectOneStreak = prepared((db, habitId: number) => selectStreaks(db).where('habit_id', '=', habitId));

/**
 * The stored streak rows of the given habits, read as plain rows. The streak keeper reads and writes `streaks`
 * without entities: this is the hottest path of every write, and the unit of work cost more than the SQL.
 */
export async function readStreakStates(
  em: EntityManager,
  habitIds: readonly number[],
): Promise<Map<number, StoredStreakState>> {
  if (habitIds.length === 0) return new Map();
  const rows =
    habitIds.length === 1
      ? await selectOneStreak(em, habitIds[0]!)
      : await selectStreaks(tables(em)).where('habit_id', 'in', habitIds).execute();
  return new Map(
    rows.map(({ habitId, ...state }) => [
      habitId,
      { ...state, score: Number(state.score), previousScore: Number(state.previousScore) },
    ]),
  );
}

/** Writes streak rows the caller computed from records it knows are exactly the stored ones (a new habit's import). */
export async function saveStreakStates(
  em: EntityManager,
  states: ReadonlyMap<number, StoredStreakState>,
  now: Date,
): Promise<void> {
  for (const [habitId, state] of states) await saveStreakState(em, habitId, state, now);
}

/** Writes one habit's streak row, inserted or replaced (its creation time kept): every write's last statement. */
const upsertStreak = prepared(
  (
    db,
    habitId: number,
    current: number,
    currentStart: string | null,
    currentEnd: string | null,
    longest: number,
    longestEnd: string | null,
    lastCompletionDate: string | null,
    asOf: string,
    score: number,
    previousScore: number,
    at: number | Date,
  ) =>
    db
      .insertInto('streaks')
      .values({
        habit_id: habitId,
        current,
        current_start: currentStart,
        current_end: currentEnd,
        longest,
        longest_end: longestEnd,
        last_completion_date: lastCompletionDate,
        as_of: asOf,
        score,
        previous_score: previousScore,
        created_at: at,
        updated_at: at,
      })
      .onConflict((conflict) =>
        conflict.column('habit_id').doUpdateSet((eb) => ({
          current: eb.ref('excluded.current'),
          current_start: eb.ref('excluded.current_start'),
          current_end: eb.ref('excluded.current_end'),
          longest: eb.ref('excluded.longest'),
          longest_end: eb.ref('excluded.longest_end'),
          last_completion_date: eb.ref('excluded.last_completion_date'),
          as_of: eb.ref('excluded.as_of'),
          score: eb.ref('excluded.score'),
          previous_score: eb.ref('excluded.previous_score'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      ),
);

async function saveStreakState(em: EntityManager, habitId: number, state: StoredStreakState, now: Date): Promise<void> {
  await upsertStreak(
    em,
    habitId,
    state.current,
    state.currentStart,
    state.currentEnd,
    state.longest,
    state.longestEnd,
    state.lastCompletionDate,
    state.asOf,
    state.score,
    state.previousScore,
    instantParam(em, now),
  );
}

interface StreakContext {
  habit: StreakHabit;
  today: IsoDate;
  weekStart: number;
  /** The caller's Clock reading, stamped on the row. */
  now: Date;
}

/**
 * Recomputes a habit's streak row from all its records and writes it, in the caller's transaction. Pending entity
 * changes are flushed first, so a new habit has its id and the records read include everything written so far.
 */
export async function recomputeStreak(
  em: EntityManager,
  { habit, ...calendar }: StreakContext,
): Promise<StoredStreakState> {
  return (await recomputeStreaks(em, { habits: [habit], ...calendar })).get(habit.id)!;
}

/** Habits per read of their records: well under SQLite's bound-parameter limit. */
const RECOMPUTE_CHUNK = 500;

/**
 * {@link recomputeStreak} for many habits at once (imports): one flush, and their records read a chunk of habits at a
 * time. A flush per habit would diff every entity the unit of work holds each time, so an import's cost would grow
 * with the square of its habits.
 */
export async function recomputeStreaks(
  em: EntityManager,
  { habits, today, weekStart, now }: Omit<StreakContext, 'habit'> & { habits: readonly StreakHabit[] },
): Promise<Map<number, StoredStreakState>> {
  await em.flush();
  const states = new Map<number, StoredStreakState>();
  for (let i = 0; i < habits.length; i += RECOMPUTE_CHUNK) {
    const chunk = habits.slice(i, i + RECOMPUTE_CHUNK);
    const records = await loadCompletionRecords(
      em,
      chunk.map((habit) => habit.id),
    );
    for (const habit of chunk) {
      const state = computeStreakState({
        schedule: scheduleOf(habit),
        completions: records.get(habit.id) ?? [],
        today,
        weekStart,
      });
      await saveStreakState(em, habit.id, state, now);
      states.set(habit.id, state);
    }
  }
  return states;
}

/**
 * Brings a habit's streak row up to date after one day's record changed from `before` to `after`: from the stored
 * state alone when the core proves that equal to a full recompute, else by recomputing.
 */
export async function applyDayChange(
  em: EntityManager,
  context: StreakContext & { date: IsoDate; before: DayRecord; after: DayRecord },
): Promise<StoredStreakState> {
  const { habit, today, now, date, before, after } = context;
  const stored = (await readStreakStates(em, [habit.id])).get(habit.id);
  if (stored) {
    const schedule = scheduleOf(habit);
    const streak = updateStreakIncrementally({ schedule, state: stored, change: { date, before, after }, today });
    const score =
      streak &&
      updateScoreIncrementally({ schedule, state: stored, asOf: stored.asOf, change: { date, after }, today });
    if (streak && score) {
      const state = { ...streak, ...score };
      await saveStreakState(em, habit.id, state, now);
      return state;
    }
  }
  return recomputeStreak(em, context);
}

/** A date no stored state can be "as of": readers compute such rows live and the next write recomputes them. */
export const STALE_AS_OF = '1970-01-01';

/**
 * Whether a stored streak row (its `as_of`, or null for none) holds the habit's state as of `today`. A row from an
 * earlier day, or one marked stale by a calendar change, is not: readers compute live and the rollover refreshes it.
 */
export function isStreakRowCurrent(asOf: string | null | undefined, today: string): boolean {
  return asOf === today;
}

/**
 * Marks every streak row of a user stale, for changes that move what "today" or a week is (time zone, day start,
 * week start) without touching any habit.
 */
export async function markUserStreaksStale(em: EntityManager, userId: number): Promise<void> {
  await tables(em)
    .updateTable('streaks')
    .set({ as_of: STALE_AS_OF })
    .where('habit_id', 'in', (eb) => eb.selectFrom('habits').select('id').where('user_id', '=', userId))
    .execute();
}
