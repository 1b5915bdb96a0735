import { dayNumber, isoDate, type IsoDate } from './days.js';

/**
 * Formatters by canonical zone name only. Zone names are case-insensitive, so keying by the spelling a client sent
 * would let every case variant of one zone add a formatter for good; the canonical names are a fixed, small set.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

const newFormatter = (timeZone: string) =>
  new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  const cached = formatters.get(timeZone);
  if (cached) return cached;
  const formatter = newFormatter(timeZone);
  const canonical = formatter.resolvedOptions().timeZone;
  if (!formatters.has(canonical)) formatters.set(canonical, formatter);
  return formatter;
}

/**
 * The runtime's own spelling of an IANA time zone name given in any case (`europe/BERLIN` → `Europe/Berlin`; ICU
 * also folds some aliases, e.g. `America/Argentina/Buenos_Aires` → `America/Buenos_Aires`), or null.
 */
export function canonicalTimeZone(timeZone: string): string | null {
  if (typeof timeZone !== 'string' || timeZone.trim() === '') return null;
  try {
    return formatterFor(timeZone).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Whether `timeZone` is an IANA time zone name this runtime knows, in any case. */
export function isValidTimeZone(timeZone: string): boolean {
  return canonicalTimeZone(timeZone) !== null;
}

/** The wall-clock date and minute of the day of an instant in a time zone. */
export function localDateTime(now: Date, timeZone: string): { date: IsoDate; minuteOfDay: number } {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(now)) parts[part.type] = part.value;
  return {
    date: `${parts['year']}-${parts['month']}-${parts['day']}`,
    minuteOfDay: Number(parts['hour']) * 60 + Number(parts['minute']),
  };
}

/**
 * The user's logical today: the local calendar date of `now` in `timeZone`, moved back one day while the local
 * wall clock is before `dayStartMinutes`. Works on the wall clock, so DST changes never shift the date.
 */
export function logicalToday({
  now,
  timeZone,
  dayStartMinutes,
}: {
  now: Date;
  timeZone: string;
  dayStartMinutes: number;
}): IsoDate {
  const { date, minuteOfDay } = localDateTime(now, timeZone);
  return minuteOfDay < dayStartMinutes ? isoDate(dayNumber(date) - 1) : date;
}

/** The zone whose calendar runs furthest ahead (UTC+14): no later date has begun anywhere. */
const FURTHEST_AHEAD = 'Pacific/Kiritimati';

/**
 * The latest date that has begun somewhere at `now`. A day stored while it was an account's today may lie after that
 * account's today once its time zone or day start changes, but never after this.
 */
export function latestDateAnywhere(now: Date): IsoDate {
  return localDateTime(now, FURTHEST_AHEAD).date;
}
