/** A local calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `value` is a real calendar date in `YYYY-MM-DD` form (rejects 2026-02-30). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  return d <= daysInMonthOf(y, m);
}

// Proleptic Gregorian conversions without Date objects (H. Hinnant's days_from_civil / civil_from_days): these run
// once per day of history inside every streak, score and stats computation.
function daysFromCivil(year: number, month: number, dayOfMonth: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + dayOfMonth - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function civil(day: number): { year: number; month: number; dayOfMonth: number } {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return {
    year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0),
    month,
    dayOfMonth: dayOfYear - Math.floor((153 * mp + 2) / 5) + 1,
  };
}

/** Days since 1970-01-01 (a day number); the cheap representation used inside loops. */
export function dayNumber(date: IsoDate): number {
  if (!ISO_DATE.test(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const digit = (i: number) => date.charCodeAt(i) - 48;
  const year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
  return daysFromCivil(year, digit(5) * 10 + digit(6), digit(8) * 10 + digit(9));
}

/** The `YYYY-MM-DD` date of a day number. */
export function isoDate(day: number): IsoDate {
  const { year, month, dayOfMonth } = civil(day);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${dayOfMonth < 10 ? '0' : ''}${dayOfMonth}`;
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

function daysInMonthOf(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Number of days in the month containing `day`. */
export function daysInMonth(day: number): number {
  const { year, month } = civil(day);
  return daysInMonthOf(year, month);
}

export type CalendarPeriod = 'week' | 'month' | 'quarter' | 'year';

/** First day of the period after the one starting on `periodStart`. */
export function nextPeriodStart(periodStart: number, period: CalendarPeriod): number {
  if (period === 'week') return periodStart + 7;
  const { year, month } = civil(periodStart);
  if (period === 'year') return daysFromCivil(year + 1, 1, 1);
  const months = period === 'month' ? 1 : 3;
  return month + months > 12 ? daysFromCivil(year + 1, month + months - 12, 1) : daysFromCivil(year, month + months, 1);
}

export function startOfMonth(day: number): number {
  return day - civil(day).dayOfMonth + 1;
}

export function startOfQuarter(day: number): number {
  const { year, month } = civil(day);
  return daysFromCivil(year, month - ((month - 1) % 3), 1);
}

export function startOfYear(day: number): number {
  return daysFromCivil(civil(day).year, 1, 1);
}

/** First day of the week (starting on `weekStart`), month, quarter or year containing `day`. */
export function startOfPeriod(day: number, period: CalendarPeriod, weekStart: number): number {
  if (period === 'week') return startOfWeek(day, weekStart);
  if (period === 'month') return startOfMonth(day);
  return period === 'quarter' ? startOfQuarter(day) : startOfYear(day);
}
