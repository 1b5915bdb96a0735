import { describe, expect, it } from '@jest/globals';
import { canonicalTimeZone, isValidTimeZone, logicalToday } from './time-zone.js';

const at = (iso: string) => new Date(iso);

describe('logicalToday', () => {
  it.each([
    // [instant, zone, dayStartMinutes, expected]
    ['2026-11-24T10:00:00Z', 'UTC', 0, '2026-11-24'],
    ['2026-11-24T02:59:00Z', 'UTC', 180, '2026-11-23'],
    ['2026-11-24T03:00:00Z', 'UTC', 180, '2026-11-24'],
    ['2026-11-24T04:30:00Z', 'America/New_York', 0, '2026-11-23'],
    ['2026-11-24T05:00:00Z', 'America/New_York', 0, '2026-11-24'],
    ['2026-11-23T23:30:00Z', 'Asia/Tokyo', 0, '2026-11-24'],
    // Kathmandu is UTC+05:45.
    ['2026-11-23T18:14:00Z', 'Asia/Kathmandu', 0, '2026-11-23'],
    ['2026-11-23T18:15:00Z', 'Asia/Kathmandu', 0, '2026-11-24'],
    // New York spring-forward: 02:00–03:00 local does not exist on 2026-03-08.
    ['2026-03-08T06:59:00Z', 'America/New_York', 0, '2026-03-08'],
    ['2026-03-08T07:00:00Z', 'America/New_York', 180, '2026-03-08'],
    ['2026-03-08T06:30:00Z', 'America/New_York', 180, '2026-03-07'],
    // Fall-back: 01:00–02:00 local happens twice on 2026-11-01; both are still that date.
    ['2026-11-01T05:30:00Z', 'America/New_York', 0, '2026-11-01'],
    ['2026-11-01T06:30:00Z', 'America/New_York', 0, '2026-11-01'],
    ['2026-11-01T05:30:00Z', 'America/New_York', 120, '2026-10-31'],
    // Lord Howe shifts by 30 minutes (UTC+10:30 ↔ +11) on 2026-10-04 at 02:00 local.
    ['2026-10-03T15:29:00Z', 'Australia/Lord_Howe', 0, '2026-10-04'],
    ['2026-10-03T13:29:00Z', 'Australia/Lord_Howe', 0, '2026-10-03'],
    // Samoa skipped 2011-12-30 entirely: 23:59 on the 29th is followed by 00:00 on the 31st.
    ['2011-12-30T09:59:00Z', 'Pacific/Apia', 0, '2011-12-29'],
    ['2011-12-30T10:00:00Z', 'Pacific/Apia', 0, '2011-12-31'],
    ['2011-12-30T10:00:00Z', 'Pacific/Apia', 60, '2011-12-30'],
  ])('at %s in %s with the day starting at minute %i is %s', (instant, timeZone, dayStartMinutes, expected) => {
    expect(logicalToday({ now: at(instant), timeZone, dayStartMinutes })).toBe(expected);
  });

  it('does not move a date when the day start crosses a DST change', () => {
    // 02:30 local on the fall-back night, day start 03:00: still the previous logical day both times round.
    expect(logicalToday({ now: at('2026-11-01T06:30:00Z'), timeZone: 'America/New_York', dayStartMinutes: 180 })).toBe(
      '2026-10-31',
    );
    expect(logicalToday({ now: at('2026-11-01T08:00:00Z'), timeZone: 'America/New_York', dayStartMinutes: 180 })).toBe(
      '2026-11-01',
    );
  });
});

describe('isValidTimeZone', () => {
  it.each([
    ['UTC', true],
    ['Europe/Berlin', true],
    ['Australia/Lord_Howe', true],
    ['Mars/Olympus_Mons', false],
    ['', false],
    ['   ', false],
  ])('%s → %s', (zone, expected) => {
    expect(isValidTimeZone(zone)).toBe(expected);
  });
});

describe('canonicalTimeZone', () => {
  it('spells a zone given in any case the way the runtime does', () => {
    expect(canonicalTimeZone('ameriCa/ARGEntina/buenos_AIRES')).toBe('America/Buenos_Aires');
    expect(canonicalTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('utc')).toBe('UTC');
    expect(canonicalTimeZone('Mars/Olympus_Mons')).toBeNull();
  });

  it('gives every case variant of a zone the same local time', () => {
    const now = at('2026-07-01T22:30:00Z');
    expect(logicalToday({ now, timeZone: 'EUROPE/BERLIN', dayStartMinutes: 0 })).toBe(
      logicalToday({ now, timeZone: 'Europe/Berlin', dayStartMinutes: 0 }),
    );
  });
});
