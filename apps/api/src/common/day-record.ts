import { MAX_AMOUNT, type CompletionStatus, type HabitType, type IsoDate } from '@streakforge/core';
import type { FieldError } from './error-body.js';

/** A day's record as a client sends it: status and value may be left to their defaults. */
export interface DayInput {
  status?: CompletionStatus | undefined;
  value?: number | undefined;
  notes?: string | null | undefined;
}

/** A day's record as it is stored. */
export interface NormalizedDay {
  status: CompletionStatus;
  value: number;
  notes: string | null;
}

/** The stored form of a day's input for a habit of this type, or the field problem with it (docs/habit-semantics.md, "Day records"). */
export function normalizeDay(
  habit: { type: HabitType },
  input: DayInput,
  fields: { value: string; notes: string } = { value: 'value', notes: 'notes' },
): NormalizedDay | FieldError {
  const field = fields.value;
  const status = input.status ?? 'done';
  const notes = input.notes ? input.notes : null;
  if (status !== 'done') {
    if (input.value !== undefined && input.value !== 0)
      return { field, message: `a ${status} day records no value: omit it or send 0` };
    if (status === 'unmarked' && notes === null) {
      return {
        field: fields.notes,
        message: 'an unmarked day holds a note and nothing else: send notes, or delete the day',
      };
    }
    return { status, value: 0, notes };
  }
  if (habit.type === 'boolean') {
    if (input.value !== undefined && input.value !== 1)
      return { field, message: 'a yes/no habit records no amount: omit value or send 1' };
    return { status, value: 1, notes };
  }
  if (input.value === undefined) return { field, message: 'a numeric habit needs a value' };
  if (!isAmount(input.value)) return { field, message: `value ${input.value} is outside 0 to ${MAX_AMOUNT}` };
  return { status, value: input.value, notes };
}

/** Whether a numeric day can hold this amount (docs/api-guide.md, "Limits"). */
export const isAmount = (value: number): boolean => Number.isFinite(value) && value >= 0 && value <= MAX_AMOUNT;

/** One day of a many-day write (a batch, an import), with the body fields its problems are reported under. */
export interface DayEntry<H extends { type: HabitType }> {
  habit: H;
  /** Days of the same habit share a key; a key and date twice in one write is a 400. */
  habitKey: number | string;
  date: IsoDate;
  input: DayInput;
  fields: { date: string; value: string; notes: string };
}

/**
 * Every day of a many-day write checked as one: the stored form of each, or its problems — dates after `latest`
 * (422) apart from the rest (400), so a client can tell a clock problem from a bad body.
 */
export function checkDays<H extends { type: HabitType }>(
  entries: readonly DayEntry<H>[],
  latest: IsoDate,
  latestIs = `your logical today (${latest})`,
): { days: NormalizedDay[]; invalid: FieldError[]; future: FieldError[] } {
  const days: NormalizedDay[] = [];
  const invalid: FieldError[] = [];
  const future: FieldError[] = [];
  const seen = new Set<string>();
  for (const { habit, habitKey, date, input, fields } of entries) {
    const key = `${habitKey}:${date}`;
    if (seen.has(key)) invalid.push({ field: fields.date, message: `${date} appears twice for the same habit` });
    seen.add(key);
    if (date > latest) future.push({ field: fields.date, message: `${date} is after ${latestIs}` });
    const day = normalizeDay(habit, input, fields);
    if (isFieldError(day)) invalid.push(day);
    else days.push(day);
  }
  return { days, invalid, future };
}

const TYPE_NAMES: Record<HabitType, string> = { boolean: 'yes/no', numeric: 'numeric' };

/**
 * Why a habit's type may not change while it holds done days, or null when it may: a yes/no day's 1 would read as
 * an amount, a numeric day's amount as a plain yes (docs/habit-semantics.md, "Changing a habit").
 */
export function typeChangeProblem(from: HabitType, to: HabitType, doneDays: number, field = 'type'): FieldError | null {
  if (from === to || doneDays === 0) return null;
  return {
    field,
    message:
      `type cannot change from ${TYPE_NAMES[from]} to ${TYPE_NAMES[to]} while ${doneDays} done day(s) are recorded: ` +
      'they would be read differently. Create a new habit, or clear those days first',
  };
}

export function isFieldError(value: NormalizedDay | FieldError): value is FieldError {
  return 'field' in value;
}

/** Whether a write would store exactly what is there: then it writes nothing. */
export const sameDay = (stored: NormalizedDay, day: NormalizedDay): boolean =>
  stored.status === day.status && stored.value === day.value && stored.notes === day.notes;
