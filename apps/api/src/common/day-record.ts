import type { CompletionStatus, HabitType } from '@streakforge/core';
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
  return { status, value: input.value, notes };
}

export function isFieldError(value: NormalizedDay | FieldError): value is FieldError {
  return 'field' in value;
}

/** Whether a write would store exactly what is there: then it writes nothing. */
export const sameDay = (stored: NormalizedDay, day: NormalizedDay): boolean =>
  stored.status === day.status && stored.value === day.value && stored.notes === day.notes;
