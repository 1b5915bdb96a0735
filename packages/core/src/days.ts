/** A local calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `value` is a real calendar date in `YYYY-MM-DD` form (rejects 2026-02-30). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  return d <= daysInMonthOf(y, m);
}

/** Days since 1970-01-01 (a day number); the cheap representation used inside loops. */
export function dayNumber(date: IsoDate): number {
  const match = ISO_DATE.exec(date);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return Math.round(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / MS_PER_DAY);
}

/** The `YYYY-MM-DD` date of a day number. */
export function isoDate(day: number): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return isoDate(dayNumber(date) + days);
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday. */
export function weekdayOf(day: number): number {
  // 1970-01-01 was a Thursday (4).
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** First day of the calendar week containing `day`, for weeks starting on `weekStart` (1 = Monday … 7 = Sunday). */
export function startOfWeek(day: number, weekStart: number): number {
  return day - ((weekdayOf(day) - weekStart + 7) % 7);
}

function civil(day: number): { year: number; month: number; dayOfMonth: number } {
  const date = new Date(day * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, dayOfMonth: date.getUTCDate() };
}

function daysInMonthOf(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Number of days in the month containing `day`. */
export function daysInMonth(day: number): number {
  const { year, month } = civil(day);
  return daysInMonthOf(year, month);
}

export function startOfMonth(day: number): number {
  return day - civil(day).dayOfMonth + 1;
}

export function startOfQuarter(day: number): number {
  const { year, month } = civil(day);
  return Math.round(Date.UTC(year, month - 1 - ((month - 1) % 3), 1) / MS_PER_DAY);
}

export function startOfYear(day: number): number {
  return Math.round(Date.UTC(civil(day).year, 0, 1) / MS_PER_DAY);
}
