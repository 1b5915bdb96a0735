import { defineEntity, p } from '@mikro-orm/core';
import { User } from './user.entity.js';

/**
 * A browser's sign-in, held by an httpOnly cookie: the cookie carries a refresh secret that rotates on every use,
 * and only hashes are stored. The secret it replaced stays valid for a few seconds (`previousValidUntil`) so two
 * tabs refreshing at once do not sign each other out.
 */
export const BrowserSessionSchema = defineEntity({
  name: 'BrowserSession',
  tableName: 'browser_sessions',
  properties: {
    id: p.integer().primary().autoincrement(),
    user: () => p.manyToOne(User).deleteRule('cascade').index('browser_sessions_user_id_index'),
    secretHash: p.string().length(64).hidden(),
    previousSecretHash: p.string().length(64).nullable().hidden(),
    previousValidUntil: p.datetime().nullable(),
    /** The browser's own description of itself when it signed in, to tell sessions apart in settings. */
    userAgent: p.string().length(200).nullable(),
    createdAt: p.datetime(),
    lastUsedAt: p.datetime(),
    expiresAt: p.datetime(),
  },
});

export class BrowserSession extends BrowserSessionSchema.class {}
BrowserSessionSchema.setClass(BrowserSession);
