import type { EntityManager } from './orm.js';
import { Habit } from './entities/habit.entity.js';

export interface AccountUsage {
  habits: number;
  categories: number;
}

/** How many habits, and how many distinct categories among them, an account holds. */
export async function accountUsage(em: EntityManager, userId: number): Promise<AccountUsage> {
  const habits = await em.count(Habit, { user: userId });
  const distinct = await em.createQueryBuilder(Habit).count('category', true).where({ user: userId }).execute('get');
  return { habits, categories: Number((distinct as { count?: number } | undefined)?.count ?? 0) };
}
