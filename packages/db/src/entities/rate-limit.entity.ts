import { defineEntity, p } from '@mikro-orm/core';

/**
 * Attempts counted per key (a route and a client address) in a fixed window, kept in the database so that every API
 * process behind a load balancer sees the same counts.
 */
export const RateLimitSchema = defineEntity({
  name: 'RateLimit',
  tableName: 'rate_limits',
  properties: {
    key: p.string().length(64).primary(),
    hits: p.integer(),
    /** When the window ends, epoch milliseconds. */
    expiresAt: p.bigint('number').index('rate_limits_expires_at_index'),
  },
});

export class RateLimit extends RateLimitSchema.class {}
RateLimitSchema.setClass(RateLimit);
