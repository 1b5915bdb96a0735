import { RateLimit } from './entities/rate-limit.entity.js';
import type { EntityManager } from './orm.js';
import { tables } from './tables.js';

export interface RateLimitCount {
  hits: number;
  /** When the window ends, epoch milliseconds. */
  expiresAt: number;
}

/**
 * Counts one attempt under `key` in a fixed window of `windowMs`: a lapsed window starts again at 1. One upsert, so
 * every replica counting against the same database sees one count.
 */
export function countRateLimitHit(
  em: EntityManager,
  key: string,
  windowMs: number,
  now: Date,
): Promise<RateLimitCount> {
  const at = now.getTime();
  return em.transactional(async (tx) => {
    const row = await tables(tx)
      .insertInto('rate_limits')
      .values({ key, hits: 1, expires_at: at + windowMs })
      .onConflict((conflict) =>
        conflict.column('key').doUpdateSet((eb) => ({
          hits: eb
            .case()
            .when('rate_limits.expires_at', '<=', at)
            .then(1)
            .else(eb('rate_limits.hits', '+', 1))
            .end(),
          expires_at: eb
            .case()
            .when('rate_limits.expires_at', '<=', at)
            .then(eb.ref('excluded.expires_at'))
            .else(eb.ref('rate_limits.expires_at'))
            .end(),
        })),
      )
      .returning(['hits', 'expires_at as expiresAt'])
      .executeTakeFirstOrThrow();
    return { hits: Number(row.hits), expiresAt: Number(row.expiresAt) };
  });
}

/** Drops counts whose window has ended; returns how many. */
export async function deleteExpiredRateLimits(em: EntityManager, now: Date): Promise<number> {
  return em.transactional((tx) => tx.nativeDelete(RateLimit, { expiresAt: { $lte: now.getTime() } }));
}
