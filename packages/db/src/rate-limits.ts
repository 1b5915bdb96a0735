import type { EntityManager } from '@mikro-orm/sqlite';
import { RateLimit } from './entities/rate-limit.entity.js';
import { sqlRows } from './statements.js';

export interface RateLimitCount {
  hits: number;
  /** When the window ends, epoch milliseconds. */
  expiresAt: number;
}

/** Counts one attempt under `key` in a fixed window of `windowMs`: a lapsed window starts again at 1. */
export function countRateLimitHit(
  em: EntityManager,
  key: string,
  windowMs: number,
  now: Date,
): Promise<RateLimitCount> {
  return em.transactional(async (tx) => {
    const [row] = await sqlRows<RateLimitCount>(
      tx,
      `insert into rate_limits (key, hits, expires_at) values (?, 1, ?)
       on conflict (key) do update set
         hits = case when rate_limits.expires_at <= ? then 1 else rate_limits.hits + 1 end,
         expires_at = case when rate_limits.expires_at <= ? then excluded.expires_at else rate_limits.expires_at end
       returning hits, expires_at as expiresAt`,
      [key, now.getTime() + windowMs, now.getTime(), now.getTime()],
    );
    return { hits: Number(row!.hits), expiresAt: Number(row!.expiresAt) };
  });
}

/** Drops counts whose window has ended; returns how many. */
export async function deleteExpiredRateLimits(em: EntityManager, now: Date): Promise<number> {
  return em.transactional((tx) => tx.nativeDelete(RateLimit, { expiresAt: { $lte: now.getTime() } }));
}
