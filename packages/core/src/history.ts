import { dayNumber } from './days.js';
import type { CompletionRecord, CompletionStatus } from './habit.js';

export const NONE = 0;
export const DONE = 1;
export const SKIPPED = 2;

/** Dense per-day arrays over [origin, today]: index i is day `origin + i`. */
export interface DayHistory {
  origin: number;
  today: number;
  status: Uint8Array;
  value: Float64Array;
}

/** The dense code of a status: missed and unmarked days are not done, exactly like a day without a record. */
export function statusCode(status: CompletionStatus): number {
  return status === 'done' ? DONE : status === 'skipped' ? SKIPPED : NONE;
}

/** The day number of the oldest record of any status (a score is computed from there, as Loop does), or null. */
export function firstRecordDay(completions: readonly CompletionRecord[]): number | null {
  let first: number | null = null;
  for (const completion of completions) {
    const day = dayNumber(completion.date);
    if (first === null || day < first) first = day;
  }
  return first;
}

/** Lays the records that fall in [origin, today] out as dense arrays; later records are ignored. */
export function buildHistory(completions: readonly CompletionRecord[], origin: number, today: number): DayHistory {
  const length = Math.max(0, today - origin + 1);
  const status = new Uint8Array(length);
  const value = new Float64Array(length);
  for (const completion of completions) {
    const index = dayNumber(completion.date) - origin;
    if (index < 0 || index >= length) continue;
    status[index] = statusCode(completion.status);
    value[index] = completion.status === 'done' ? completion.value : 0;
  }
  return { origin, today, status, value };
}

/** prefix[i] = sum of `values` before index i (length + 1 entries), for O(1) window sums. */
export function prefixSums(length: number, valueAt: (index: number) => number): Float64Array {
  const prefix = new Float64Array(length + 1);
  for (let i = 0; i < length; i++) prefix[i + 1] = prefix[i]! + valueAt(i);
  return prefix;
}

/** Sum over the `size` days ending at index i (clamped at the start of the history). */
export function windowSum(prefix: Float64Array, i: number, size: number): number {
  return prefix[i + 1]! - prefix[Math.max(0, i + 1 - size)]!;
}
