import { Injectable } from '@nestjs/common';
import {
  addDays,
  dayNumber,
  habitContribution,
  isoDate,
  lastSettledDay,
  recordsWindow,
  sumContributions,
  type HabitContribution,
  type IsoDate,
} from '@streakforge/core';
import {
  Clock,
  MikroORM,
  User,
  deleteAllSnapshots,
  loadAnalyticsHabitRows,
  logicalTodayOf,
  readDirtyDays,
  replaceSnapshotDays,
  settleSnapshots,
  withAnalyticsRecords,
  withStarts,
} from '@streakforge/db';
import type { JobResult } from '../jobs/job-runner.js';

const DAYS_PER_TRANSACTION = 200;
/**
 * Habits whose records are read and reduced to their shares together: the chunk's records of 25 habits at most. For
 * 1,000 habits × 5 years, 25 kept the worker's peak about 10 MB lower than 100, at the same speed.
 */
const HABITS_PER_READ = 25;

/**
 * Keeps `daily_snapshots` equal to the core's day aggregates for every closed day: the first run backfills each
 * user's history, later runs redo only days past the last run and days the API marked dirty. Only the marks read
 * before computing are deleted, by id, so a write that lands meanwhile stays marked for the next run.
 */
@Injectable()
export class SnapshotsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly clock: Clock,
  ) {}

  async run(): Promise<JobResult> {
    const users = await this.orm.em.fork().find(User, {}, { orderBy: { id: 'asc' } });
    let days = 0;
    for (const user of users) days += await this.refreshUser(user.id);
    return { items: days, detail: `${users.length} user(s)` };
  }

  /** Recomputes the user's stale closed days; returns how many days were written. */
  async refreshUser(userId: number): Promise<number> {
    const em = this.orm.em.fork();
    const user = await em.findOneOrFail(User, userId);
    const today = logicalTodayOf(user, this.clock.now());
    // Only settled days: a day of the current week may still qualify (a weekly goal met later), so it is read live.
    const settled = isoDate(lastSettledDay(dayNumber(today), user.weekStart));
    const dirty = await readDirtyDays(em, userId, { from: '0001-01-01', to: settled });
    const through = user.snapshotsThrough ?? null;
    const everything = through === null || dirty.everything;

    const habits = await withStarts(em, user, await loadAnalyticsHabitRows(em, user));
    const earliest = habits.reduce<IsoDate | null>(
      (min, habit) => (min === null || habit.start < min ? habit.start : min),
      null,
    );
    const wanted = new Set<IsoDate>();
    if (earliest !== null) {
      const first = everything ? earliest : addDays(through!, 1);
      for (let day = dayNumber(first); day <= dayNumber(settled); day++) wanted.add(isoDate(day));
      if (!everything) for (const day of dirty.days) if (day >= earliest) wanted.add(day);
    }
    const dates = [...wanted].sort();

    if (everything) await deleteAllSnapshots(em, userId);
    // A chunk of days at a time, each with only the records its days depend on, read for a group of habits at a time
    // and reduced to their shares: a backfill of years of a thousand habits never holds more than a group's records.
    for (let i = 0; i < dates.length; i += DAYS_PER_TRANSACTION) {
      const chunk = dates.slice(i, i + DAYS_PER_TRANSACTION);
      const [first, last] = [chunk[0]!, chunk.at(-1)!];
      const range = { from: first, to: last, today, weekStart: user.weekStart };
      const shares: (HabitContribution | null)[] = [];
      for (let j = 0; j < habits.length; j += HABITS_PER_READ) {
        const group = habits.slice(j, j + HABITS_PER_READ);
        const windowed = await withAnalyticsRecords(em, group, (schedule) => recordsWindow(schedule, first, last));
        for (const habit of windowed) shares.push(habitContribution(habit, range));
      }
      const chosen = new Set(chunk);
      const aggregates = sumContributions(shares, range);
      await em.transactional((tx) =>
        replaceSnapshotDays(
          tx,
          userId,
          chunk,
          aggregates.filter((day) => chosen.has(day.date)),
        ),
      );
    }
    await em.transactional((tx) => settleSnapshots(tx, userId, { through: settled, marks: dirty.marks }));
    return dates.length;
  }
}
