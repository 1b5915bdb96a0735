import {
  dayNumber,
  isoDate,
  nextPeriodStart,
  startOfPeriod,
  weekdayOf,
  type CalendarPeriod,
  type IsoDate,
} from './days.js';
import type { CompletionRecord, HabitSchedule } from './habit.js';
import { DONE, SKIPPED } from './history.js';
import { firstPendingDay, qualifyingHistory } from './qualifying.js';

export interface PeriodTotal {
  start: IsoDate;
  total: number;
}

export interface HabitStats {
  completionRate: number | null;
  doneDays: number;
  skippedDays: number;
  qualifyingDays: number;
  total: number;
  weekdays: number[];
  periods: { week: PeriodTotal[]; month: PeriodTotal[]; quarter: PeriodTotal[]; year: PeriodTotal[] };
}

export interface HabitRangeInput {
  schedule: HabitSchedule;
  completions: readonly CompletionRecord[];
  /** The habit's start: its creation date or its first completion, whichever is earlier. */
  start: IsoDate;
  from: IsoDate;
  to: IsoDate;
  today: IsoDate;
  weekStart: number;
}

/** The habit's start, from which its days count in rates: the earlier of its creation date and its oldest record. */
export function habitStart(createdOn: IsoDate, oldestRecord: IsoDate | null | undefined): IsoDate {
  return oldestRecord && oldestRecord < createdOn ? oldestRecord : createdOn;
}

/** 1 per day of [from, min(to, today)] that qualifies, indexed from `from`. */
export function qualifyingInRange(input: Omit<HabitRangeInput, 'start'>): Uint8Array {
  const fromDay = dayNumber(input.from);
  const lastDay = Math.min(dayNumber(input.to), dayNumber(input.today));
  const { history, flags } = qualifyingHistory({ ...input, today: lastDay });
  const result = new Uint8Array(Math.max(0, lastDay - fromDay + 1));
  for (let day = Math.max(fromDay, history.origin); day <= lastDay; day++)
    result[day - fromDay] = flags[day - history.origin]!;
  return result;
}

function totalsBy(
  period: CalendarPeriod,
  weekStart: number,
  firstDay: number,
  lastDay: number,
  amounts: Float64Array,
): PeriodTotal[] {
  const totals: PeriodTotal[] = [];
  for (let start = startOfPeriod(firstDay, period, weekStart); start <= lastDay;) {
    const next = nextPeriodStart(start, period);
    let total = 0;
    for (let day = Math.max(start, firstDay); day < Math.min(next, lastDay + 1); day++)
      total += amounts[day - firstDay]!;
    totals.push({ start: isoDate(start), total });
    start = next;
  }
  return totals;
}

/** Completion rate, counts, totals per period and the weekday profile over [from, to] (docs/habit-semantics.md, "Analytics"). */
export function habitStats(input: HabitRangeInput): HabitStats {
  const fromDay = dayNumber(input.from);
  const lastDay = Math.min(dayNumber(input.to), dayNumber(input.today));
  const startDay = dayNumber(input.start);
  const pendingDay = firstPendingDay(input.schedule, dayNumber(input.today), input.weekStart);
  const { history, flags } = qualifyingHistory({ ...input, today: lastDay });
  const amounts = new Float64Array(Math.max(0, lastDay - fromDay + 1));
  const weekdays = [0, 0, 0, 0, 0, 0, 0];
  let doneDays = 0;
  let skippedDays = 0;
  let qualifyingDays = 0;
  let considered = 0;
  let total = 0;
  for (let day = fromDay; day <= lastDay; day++) {
    const i = day - history.origin;
    const status = i >= 0 ? history.status[i] : 0;
    if (status === DONE) {
      const amount = input.schedule.type === 'numeric' ? history.value[i]! : 1;
      doneDays++;
      total += amount;
      amounts[day - fromDay] = amount;
      weekdays[weekdayOf(day) - 1]! += amount;
    } else if (status === SKIPPED) {
      skippedDays++;
    }
    const qualifies = i >= 0 && flags[i] === 1;
    if (day >= startDay && status !== SKIPPED && (qualifies || day < pendingDay)) {
      considered++;
      if (qualifies) qualifyingDays++;
    }
  }
  return {
    completionRate: considered === 0 ? null : qualifyingDays / considered,
    doneDays,
    skippedDays,
    qualifyingDays,
    total,
    weekdays,
    periods: {
      week: totalsBy('week', input.weekStart, fromDay, lastDay, amounts),
      month: totalsBy('month', input.weekStart, fromDay, lastDay, amounts),
      quarter: totalsBy('quarter', input.weekStart, fromDay, lastDay, amounts),
      year: totalsBy('year', input.weekStart, fromDay, lastDay, amounts),
    },
  };
}
