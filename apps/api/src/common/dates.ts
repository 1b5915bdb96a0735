import { isIsoDate, type IsoDate } from '@streakforge/core';

/**
 * The earliest day the API accepts. Older dates are typing mistakes or probes, and a record centuries back would
 * make every streak and score walk that many days.
 */
export const EARLIEST_DATE = '1900-01-01';

/** Whether `value` is a real `YYYY-MM-DD` date, not before {@link EARLIEST_DATE}: the rule for every date the API takes. */
export const isAcceptedDate = (value: unknown): value is IsoDate =>
  typeof value === 'string' && isIsoDate(value) && value >= EARLIEST_DATE;

const FORMATTED_INSTANTS = 20_000;
const formattedInstants = new Map<number, string>();

/**
 * `Date#toISOString`, remembered for instants seen before (bounded, oldest out first). A habit list formats two
 * stamps per habit on every read, and formatting them cost more than the query that read the rows.
 */
export function isoInstant(at: Date): string {
  const ms = at.getTime();
  let formatted = formattedInstants.get(ms);
  if (formatted === undefined) {
    formatted = at.toISOString();
    if (formattedInstants.size >= FORMATTED_INSTANTS) formattedInstants.delete(formattedInstants.keys().next().value!);
    formattedInstants.set(ms, formatted);
  }
  return formatted;
}
