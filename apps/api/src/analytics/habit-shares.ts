import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import {
  habitContribution,
  sumContributions,
  type AggregateRange,
  type AnalyticsHabit,
  type DayAggregate,
  type HabitContribution,
} from '@streakforge/core';
import type { AnalyticsHabitRow, User } from '@streakforge/db';

/**
 * What the kept shares may take in all: usually the live days are this week's, about 1 KB per habit, so a thousand
 * accounts of a hundred habits; an account whose snapshots are not there yet has a year of live days per habit.
 */
const MAX_BYTES = 32 * 1024 * 1024;
/** What V8 spends on a typed array and on a kept share's entry, besides the counts themselves. */
const ARRAY_OVERHEAD_BYTES = 100;

interface KeptShare {
  key: string;
  share: HabitContribution | null;
}

interface UserShares {
  range: string;
  byHabit: Map<number, KeptShare>;
  bytes: number;
}

/**
 * Everything a habit's share of a range is computed from, besides the range and the calendar: its records' version
 * (which also decides its first record, so its start) and its fields.
 */
const shareKey = (habit: AnalyticsHabitRow) =>
  `${habit.recordsVersion}|${habit.createdAt.getTime()}|${habit.category ?? ''}|${JSON.stringify(habit.schedule)}`;

/**
 * Each user's habits' shares of the live days' aggregates (today's week, days the snapshots do not cover yet), as
 * last computed. A read computes again only the habits whose records or fields changed since: the database raises
 * `records_version` on every change of a habit's records, whichever process made it, and the other fields are read
 * each time. A new day, calendar or range computes everything again.
 */
@Injectable()
export class HabitShares {
  private readonly users = new LRUCache<number, UserShares>({
    maxSize: MAX_BYTES,
    sizeCalculation: (shares) => shares.bytes,
  });

  /**
   * The aggregates of `range` over the user's `habits` (in habit order) in their calendar, equal to `dailyAggregates`
   * over all their records; `complete` loads the start and records of the habits whose share must be computed.
   */
  async aggregates(
    user: Pick<User, 'id' | 'timezone' | 'dayStartMinutes'>,
    habits: readonly AnalyticsHabitRow[],
    range: AggregateRange,
    complete: (habits: readonly AnalyticsHabitRow[]) => Promise<(AnalyticsHabitRow & AnalyticsHabit)[]>,
  ): Promise<DayAggregate[]> {
    const rangeKey = [range.from, range.to, range.today, range.weekStart, user.timezone, user.dayStartMinutes].join(
      '|',
    );
    const kept = this.users.get(user.id);
    const known = kept?.range === rangeKey ? kept.byHabit : new Map<number, KeptShare>();
    const byHabit = new Map<number, KeptShare>();
    const staleKeys = new Map<number, string>();
    for (const habit of habits) {
      const key = shareKey(habit);
      const share = known.get(habit.id);
      if (share?.key === key) byHabit.set(habit.id, share);
      else staleKeys.set(habit.id, key);
    }
    const stale = habits.filter((habit) => staleKeys.has(habit.id));
    for (const habit of await complete(stale)) {
      byHabit.set(habit.id, { key: staleKeys.get(habit.id)!, share: habitContribution(habit, range) });
    }
    let bytes = ARRAY_OVERHEAD_BYTES;
    for (const { share } of byHabit.values())
      bytes += ARRAY_OVERHEAD_BYTES + (share ? 5 * (share.active.length + ARRAY_OVERHEAD_BYTES) : 0);
    this.users.set(user.id, { range: rangeKey, byHabit, bytes });
    return sumContributions(
      habits.map((habit) => byHabit.get(habit.id)!.share),
      range,
    );
  }
}
