import { addDays } from '@streakforge/core';

/** Dates and numbers in the browser's own locale; dates are calendar days, so they are formatted as UTC. */
const weekday = new Intl.DateTimeFormat(undefined, { weekday: 'short', timeZone: 'UTC' });
const dayOfMonth = new Intl.DateTimeFormat(undefined, { day: 'numeric', timeZone: 'UTC' });
const longDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeZone: 'UTC' });
const mediumDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });

const asDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

export const format = {
  weekday: (iso: string) => weekday.format(asDate(iso)),
  dayOfMonth: (iso: string) => dayOfMonth.format(asDate(iso)),
  longDate: (iso: string) => longDate.format(asDate(iso)),
  date: (iso: string) => mediumDate.format(asDate(iso)),
  instant: (iso: string) => dateTime.format(new Date(iso)),
  number: (value: number) => number.format(value),
  percent: (ratio: number | null) => (ratio === null ? '–' : percent.format(ratio)),
};

/** The `count` days up to `today`, oldest first. */
export function lastDays(today: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => addDays(today, index - count + 1));
}

/** The weekdays' names in the browser's locale, Monday first (the API's weekday order: 1 is Monday). */
export function weekdayNames(style: 'short' | 'long'): string[] {
  const names = new Intl.DateTimeFormat(undefined, { weekday: style, timeZone: 'UTC' });
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, index) => names.format(new Date(Date.UTC(2024, 0, 1 + index))));
}
