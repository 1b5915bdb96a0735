import { logicalToday, type IsoDate } from '@streakforge/core';
import type { User } from '@streakforge/db';

/** The user's logical today at `now` (habit-semantics.md §1). */
export function todayOf(user: User, now: Date): IsoDate {
  return logicalToday({ now, timeZone: user.timezone, dayStartMinutes: user.dayStartMinutes });
}
