import type { ThrottlerStorage } from '@nestjs/throttler';
import { type Clock, type MikroORM, countRateLimitHit } from '@streakforge/db';

/** The throttler's counts in the database, so every API process (several replicas) enforces one limit together. */
export class DatabaseThrottlerStorage implements ThrottlerStorage {
  constructor(
    private readonly orm: MikroORM,
    private readonly clock: Clock,
  ) {}

  async increment(key: string, ttl: number, limit: number): ReturnType<ThrottlerStorage['increment']> {
    const now = this.clock.now();
    const { hits, expiresAt } = await countRateLimitHit(this.orm.em.fork(), key, ttl, now);
    const secondsLeft = Math.max(1, Math.ceil((expiresAt - now.getTime()) / 1000));
    return {
      totalHits: hits,
      timeToExpire: secondsLeft,
      isBlocked: hits > limit,
      timeToBlockExpire: hits > limit ? secondsLeft : 0,
    };
  }
}
