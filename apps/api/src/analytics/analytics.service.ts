import { Injectable } from '@nestjs/common';
import {
  dayNumber,
  recordsWindow,
  heatmapFromAggregates,
  isoDate,
  lastSettledDay,
  previousRange,
  summarizeAggregates,
  type DayAggregate,
  type IsoDate,
} from '@streakforge/core';
import {
  EntityManager,
  loadAnalyticsHabitRows,
  readDirtyDays,
  readSnapshots,
  withAnalyticsRecords,
  withStarts,
  type User,
} from '@streakforge/db';
import { lastDays, notAfterToday, resolveRange, type DateRangeQuery } from '../common/dto.js';
import { HabitsService } from '../habits/habits.service.js';
import type { HeatmapResponse, SummaryResponse } from './analytics.dto.js';
import { HabitShares } from './habit-shares.js';

const TOP_STREAKS = 5;

/**
 * User-level analytics: closed days come from the worker's snapshots unless a write has made them stale since; those
 * days and today are computed live by the same core function the snapshots job uses, so both agree exactly.
 */
@Injectable()
export class AnalyticsService {
  constructor(
    private readonly em: EntityManager,
    private readonly habits: HabitsService,
    private readonly shares: HabitShares,
  ) {}

  async summary(userId: number, query: DateRangeQuery): Promise<SummaryResponse> {
    const { user, today } = await this.habits.calendarOf(userId);
    const { from, to } = resolveRange(notAfterToday(query, today), { to: today, from: lastDays(30) });
    const previous = previousRange(from, to);
    const days = await this.aggregates(user, previous.from, to, today);
    const current = summarizeAggregates(days.filter((day) => day.date >= from));
    const before = summarizeAggregates(days.filter((day) => day.date < from));

    const active = await this.habits.currentStreaks(userId);
    const perCategory = new Map<string | null, number>();
    for (const habit of active) perCategory.set(habit.category, (perCategory.get(habit.category) ?? 0) + 1);
    const rates = new Map(current.byCategory.map((entry) => [entry.category, entry.completionRate]));
    return {
      from,
      to,
      habits: active.length,
      completionRate: current.completionRate,
      doneDays: current.doneDays,
      currentStreaks: active
        .filter((habit) => habit.current > 0)
        .sort((a, b) => b.current - a.current || a.id - b.id)
        .slice(0, TOP_STREAKS)
        .map((habit) => ({ habitId: habit.id, name: habit.name, current: habit.current })),
      byCategory: [...perCategory]
        .sort(([a], [b]) => (a ?? '').localeCompare(b ?? ''))
        .map(([category, habits]) => ({ category, habits, completionRate: rates.get(category) ?? null })),
      previousPeriod: { ...previous, completionRate: before.completionRate },
    };
  }

  async heatmap(userId: number, query: DateRangeQuery): Promise<HeatmapResponse> {
    const { user, today } = await this.habits.calendarOf(userId);
    const { from, to } = resolveRange(notAfterToday(query, today), { to: today, from: lastDays(365) });
    return { items: heatmapFromAggregates(await this.aggregates(user, from, to, today), from, to) };
  }

  /** The day aggregates of [from, to]: stored where a snapshot is current, else computed now. */
  private async aggregates(user: User, from: IsoDate, to: IsoDate, today: IsoDate): Promise<DayAggregate[]> {
    const settled = isoDate(lastSettledDay(dayNumber(today), user.weekStart));
    const closedTo = settled < to ? settled : to;
    const live = await this.liveDays(user, from, to, closedTo);
    const stored = from <= closedTo ? await readSnapshots(this.em, user.id, { from, to: closedTo }) : [];
    const days = stored.filter((day) => !live.has(day.date));
    if (live.size > 0) days.push(...(await this.computeDays(user, [...live].sort(), today)));
    return days;
  }

  /**
   * Days not yet settled (the current week: pending days may still qualify), days past the last snapshot, and days a
   * write has marked stale since the snapshot was taken.
   */
  private async liveDays(user: User, from: IsoDate, to: IsoDate, closedTo: IsoDate): Promise<Set<IsoDate>> {
    const live = new Set<IsoDate>();
    for (let day = Math.max(dayNumber(from), dayNumber(closedTo) + 1); day <= dayNumber(to); day++)
      live.add(isoDate(day));
    const through = user.snapshotsThrough ?? null;
    const dirty = await readDirtyDays(this.em, user.id, { from, to: closedTo });
    const everything = through === null || dirty.everything;
    for (let day = dayNumber(from); day <= dayNumber(closedTo); day++) {
      const date = isoDate(day);
      if (everything || date > through!) live.add(date);
    }
    for (const day of dirty.days) live.add(day);
    return live;
  }

  private async computeDays(user: User, days: IsoDate[], today: IsoDate): Promise<DayAggregate[]> {
    const first = days[0]!;
    const last = days.at(-1)!;
    const habits = await loadAnalyticsHabitRows(this.em, user);
    const range = { from: first, to: last, today, weekStart: user.weekStart };
    const aggregates = await this.shares.aggregates(user, habits, range, async (stale) =>
      withAnalyticsRecords(this.em, await withStarts(this.em, user, stale), (schedule) =>
        recordsWindow(schedule, first, last),
      ),
    );
    const wanted = new Set(days);
    return aggregates.filter((day) => wanted.has(day.date));
  }
}
