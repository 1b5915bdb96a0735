import { UnprocessableEntityException } from '@nestjs/common';
import { accountUsage, type EntityManager } from '@streakforge/db';
import { fieldErrors } from './error-body.js';
import { MAX_CATEGORIES_PER_USER, MAX_HABITS_PER_USER } from './limits.js';

/**
 * Refuses (422) a change that leaves the account over its limits. Called inside the change's transaction after its
 * writes, so it judges the state the change would commit, and the refusal rolls all of it back.
 */
export async function assertWithinAccountLimits(em: EntityManager, userId: number): Promise<void> {
  await em.flush();
  const usage = await accountUsage(em, userId);
  const problems = [
    ...(usage.habits > MAX_HABITS_PER_USER
      ? [
          {
            field: 'habits',
            message: `an account holds at most ${MAX_HABITS_PER_USER} habits (this would make ${usage.habits})`,
          },
        ]
      : []),
    ...(usage.categories > MAX_CATEGORIES_PER_USER
      ? [
          {
            field: 'category',
            message: `an account uses at most ${MAX_CATEGORIES_PER_USER} categories (this would make ${usage.categories})`,
          },
        ]
      : []),
  ];
  if (problems.length > 0) throw new UnprocessableEntityException(fieldErrors(problems));
}
