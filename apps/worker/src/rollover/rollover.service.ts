import { Injectable } from '@nestjs/common';
import {
  Clock,
  Habit,
  MikroORM,
  User,
  activeHabitStreaks,
  isStreakRowCurrent,
  logicalTodayOf,
  lockHabits,
  saveStreakStates,
  streakStatesOn,
} from '@streakforge/db';
import type { JobResult } from '../jobs/job-runner.js';

const HABITS_PER_TRANSACTION = 100;

/**
 * Brings streak rows to each user's new logical day, so stored state matches what the API computes: the rows of
 * active habits whose `as_of` is not the user's today are brought to it (stepped from the stored state where the
 * core can, else recomputed), a hundred per short transaction.
 */
@Injectable()
export class RolloverService {
  constructor(
    private readonly orm: MikroORM,
    private readonly clock: Clock,
  ) {}

  async run(): Promise<JobResult> {
    const em = this.orm.em.fork();
    const users = await em.find(User, {}, { orderBy: { id: 'asc' } });
    let refreshed = 0;
    for (const user of users) {
      const now = this.clock.now();
      const today = logicalTodayOf(user, now);
      const rows = await activeHabitStreaks(em, user.id);
      const stale = rows.filter((row) => !isStreakRowCurrent(row.asOf, today));
      for (let i = 0; i < stale.length; i += HABITS_PER_TRANSACTION) {
        const ids = stale.slice(i, i + HABITS_PER_TRANSACTION).map((row) => row.id);
        await em.transactional(async (tx) => {
          await lockHabits(tx, ids);
          const habits = await tx.find(Habit, { id: { $in: ids } });
          await saveStreakStates(tx, await streakStatesOn(tx, habits, { today, weekStart: user.weekStart }), now);
        });
        em.clear();
        refreshed += ids.length;
      }
    }
    return { items: refreshed, detail: `${users.length} user(s) checked` };
  }
}
