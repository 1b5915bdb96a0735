import { dayNumber, isoDate, type IsoDate } from './days.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether `timeZone` is an IANA time zone name this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone.trim() === '') return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
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
