import { isIsoDate, type IsoDate } from '@streakforge/core';

/**
 * The earliest day the API accepts. Older dates are typing mistakes or probes, and a record centuries back would
 * make every streak and score walk that many days.
 */
export const EARLIEST_DATE = '1900-01-01';

/** Whether `value` is a real `YYYY-MM-DD` date, not before {@link EARLIEST_DATE}: the rule for every date the API takes. */
export const isAcceptedDate = (value: unknown): value is IsoDate =>
  typeof value === 'string' && isIsoDate(value) && value >= EARLIEST_DATE;
