import { defineEntity, p } from '@mikro-orm/core';
import { User } from './user.entity.js';

/** A personal API token: only its SHA-256 is stored, so a database leak does not leak usable tokens. */
export const ApiTokenSchema = defineEntity({
  name: 'ApiToken',
  tableName: 'api_tokens',
  properties: {
    id: p.integer().primary().autoincrement(),
    user: () => p.manyToOne(User).deleteRule('cascade').index('api_tokens_user_id_index'),
    name: p.string().length(100),
    tokenHash: p.string().length(64).unique('api_tokens_token_hash_unique').hidden(),
    /** `read` tokens may only read; `write` tokens may also change habits and days. Neither manages the account. */
    scope: p.enum(['read', 'write']).default('write'),
    /** Null only for tokens made before expiry existed. */
    expiresAt: p.datetime().nullable(),
    lastUsedAt: p.datetime().nullable(),
    createdAt: p.datetime(),
  },
});

export class ApiToken extends ApiTokenSchema.class {}
ApiTokenSchema.setClass(ApiToken);
