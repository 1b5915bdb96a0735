import { describe, expect, it } from '@jest/globals';
import {
  addDays,
  dayNumber,
  daysInMonth,
  isIsoDate,
  isoDate,
  startOfMonth,
  startOfQuarter,
  startOfWeek,
  startOfYear,
  weekdayOf,
} from './days.js';

describe('calendar days', () => {
  it.each([
    ['2026-11-24', true],
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['2026-04-31', false],
    ['2026-00-10', false],
    ['0000-01-01', false],
    ['2026-1-1', false],
    ['2026-11-24T00:00:00Z', false],
    ['', false],
  ])('isIsoDate(%s) is %s', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });

  it('round-trips dates through day numbers', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('2026-11-24')).toBe(20_781);
    for (const date of ['1999-12-31', '2000-02-29', '2026-03-08', '2100-03-01'])
      expect(isoDate(dayNumber(date))).toBe(date);
  });

  it('rejects malformed dates', () => {
    expect(() => dayNumber('24.11.2026')).toThrow(RangeError);
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it.each([
    ['2026-11-23', 1],
    ['2026-11-24', 2],
    ['2026-11-29', 7],
    ['1970-01-01', 4],
    ['1969-12-29', 1],
  ])('weekday of %s is %i', (date, weekday) => {
    expect(weekdayOf(dayNumber(date))).toBe(weekday);
  });

  it.each([
    ['2026-11-25', 1, '2026-11-23'],
    ['2026-11-23', 1, '2026-11-23'],
    ['2026-11-22', 1, '2026-11-16'],
    ['2026-11-25', 7, '2026-11-22'],
    ['2026-11-22', 7, '2026-11-22'],
    ['2026-11-27', 6, '2026-11-21'],
  ])('week of %s starting on weekday %i begins %s', (date, weekStart, expected) => {
    expect(isoDate(startOfWeek(dayNumber(date), weekStart))).toBe(expected);
  });

  it('finds month, quarter and year boundaries', () => {
    const day = dayNumber('2026-08-17');
    expect(isoDate(startOfMonth(day))).toBe('2026-08-01');
    expect(isoDate(startOfQuarter(day))).toBe('2026-07-01');
    expect(isoDate(startOfYear(day))).toBe('2026-01-01');
    expect(daysInMonth(dayNumber('2024-02-10'))).toBe(29);
    expect(daysInMonth(dayNumber('2026-02-10'))).toBe(28);
    expect(daysInMonth(dayNumber('2026-12-31'))).toBe(31);
  });
});

describe('day number conversions', () => {
  it('agree with the platform calendar for every day from 1600 to 2400', () => {
    const first = Date.UTC(1600, 0, 1) / 86_400_000;
    const last = Date.UTC(2400, 11, 31) / 86_400_000;
    for (let day = first; day <= last; day++) {
      const expected = new Date(day * 86_400_000).toISOString().slice(0, 10);
      if (isoDate(day) !== expected || dayNumber(expected) !== day) throw new Error(`mismatch on ${expected}`);
    }
  });
});
