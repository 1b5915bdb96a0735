import { addDays, type CompletionRecord, type HabitSchedule, type IsoDate } from '../src/index.js';

export const daily: HabitSchedule = {
  type: 'boolean',
  goalType: 'daily',
  timesPerPeriod: 1,
  periodDays: 1,
  targetValue: null,
  targetType: 'at_least',
};

export const weekly = (n: number): HabitSchedule => ({
  ...daily,
  goalType: 'weekly',
  timesPerPeriod: n,
  periodDays: 7,
});
export const custom = (n: number, m: number): HabitSchedule => ({
  ...daily,
  goalType: 'custom',
  timesPerPeriod: n,
  periodDays: m,
});
export const numeric = (
  goalType: HabitSchedule['goalType'],
  targetValue: number,
  targetType: HabitSchedule['targetType'] = 'at_least',
  periodDays = goalType === 'weekly' ? 7 : 1,
): HabitSchedule => ({ type: 'numeric', goalType, timesPerPeriod: 1, periodDays, targetValue, targetType });

export const done = (date: IsoDate, value = 1): CompletionRecord => ({ date, status: 'done', value });
export const skipped = (date: IsoDate): CompletionRecord => ({ date, status: 'skipped', value: 0 });
export const missed = (date: IsoDate): CompletionRecord => ({ date, status: 'missed', value: 0 });
export const unmarked = (date: IsoDate): CompletionRecord => ({ date, status: 'unmarked', value: 0 });

/** Records from a pattern read oldest to newest ending on `last`: x done, s skipped, m missed, u unmarked, . nothing. */
export function pattern(last: IsoDate, marks: string): CompletionRecord[] {
  const records: CompletionRecord[] = [];
  [...marks].forEach((mark, i) => {
    const date = addDays(last, i - marks.length + 1);
    if (mark === 'x') records.push(done(date));
    if (mark === 's') records.push(skipped(date));
    if (mark === 'm') records.push(missed(date));
    if (mark === 'u') records.push(unmarked(date));
  });
  return records;
}
