import { Injectable } from '@nestjs/common';
import { bestStreaks, habitStart, habitStats, scoreSeries, streakSummary } from '@streakforge/core';
import { EntityManager, loadCompletionRecords, logicalTodayOf, scheduleOf } from '@streakforge/db';
import { MAX_RANGE_DAYS, lastDays, notAfterToday, resolveRange, type DateRangeQuery } from '../common/dto.js';
import { HabitsService } from '../habits/habits.service.js';
import type { ScoresResponse, StatsResponse, StreaksResponse } from './progress.dto.js';

/** Streaks, scores and stats of one habit, all computed by the core package from the habit's records. */
@Injectable()
export class ProgressService {
  constructor(
    private readonly em: EntityManager,
    private readonly habits: HabitsService,
  ) {}

  async streaks(userId: number, habitId: number, limit = 10): Promise<StreaksResponse> {
    const { schedule, completions, today, weekStart } = await this.load(userId, habitId);
    const { current, longest } = streakSummary({ schedule, completions, today, weekStart });
    return { current, longest, best: bestStreaks({ schedule, completions, today, weekStart, limit }) };
  }

  async scores(userId: number, habitId: number, query: DateRangeQuery): Promise<ScoresResponse> {
    const { schedule, completions, today } = await this.load(userId, habitId);
    const { from, to } = resolveRange(notAfterToday(query, today), { to: today, from: lastDays(30) });
    return { items: scoreSeries({ schedule, completions, from, to }) };
  }

  async stats(userId: number, habitId: number, query: DateRangeQuery): Promise<StatsResponse> {
    const { schedule, completions, today, weekStart, start } = await this.load(userId, habitId);
    const { from, to } = resolveRange(notAfterToday(query, today), {
      to: today,
      from: (to) => (start > lastDays(MAX_RANGE_DAYS)(to) ? start : lastDays(MAX_RANGE_DAYS)(to)),
    });
    return habitStats({ schedule, completions, start, from, to, today, weekStart });
  }

  private async load(userId: number, habitId: number) {
    const { habit, user, today, weekStart } = await this.habits.ownedWithCalendar(userId, habitId);
    const completions = (await loadCompletionRecords(this.em, [habit.id])).get(habit.id) ?? [];
    const start = habitStart(logicalTodayOf(user, habit.createdAt), completions[0]?.date);
    return { schedule: scheduleOf(habit), completions, today, weekStart, start };
  }
}
