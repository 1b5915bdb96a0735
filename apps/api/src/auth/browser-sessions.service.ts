import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable, NotFoundException } from '@nestjs/common';
import { BrowserSession, Clock, EntityManager } from '@streakforge/db';
import type { SessionResponse } from './auth.dto.js';
import { AuthService } from './auth.service.js';
import { sha256 } from './secret-hash.js';

/** A browser session ends after this long without a refresh. */
export const BROWSER_SESSION_IDLE_MS = 30 * 24 * 60 * 60 * 1000;
/** How long a rotated-out secret still works: long enough for a second tab's refresh sent at the same moment. */
export const ROTATION_GRACE_MS = 30_000;
const COOKIE_VALUE = /^(\d{1,15})\.([\w-]{43})$/;
const USER_AGENT_LENGTH = 200;

const sameHash = (a: string, b: string | null | undefined) =>
  typeof b === 'string' && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** A session a cookie names, with the secret it carries; null when the value cannot be one of ours. */
function parseCookie(value: string | undefined): { id: number; secretHash: string } | null {
  const match = value ? COOKIE_VALUE.exec(value) : null;
  return match ? { id: Number(match[1]), secretHash: sha256(match[2]!) } : null;
}

const cookieValue = (id: number, secret: string) => `${id}.${secret}`;
const newSecret = () => randomBytes(32).toString('base64url');

export interface Refreshed {
  session: SessionResponse;
  /** The rotated cookie value to set; null when a concurrent refresh already rotated it within the grace period. */
  cookie: string | null;
}

/**
 * Browser sign-ins: a rotating refresh secret in an httpOnly cookie buys short-lived access tokens, so page scripts
 * never hold a password or a long-lived secret. Every refresh replaces the secret; presenting a replaced one after
 * the grace period means it was copied, and ends the session.
 */
@Injectable()
export class BrowserSessionsService {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly auth: AuthService,
  ) {}

  /** A new session for a signed-in user, and the cookie value that holds it. */
  async start(userId: number, userAgent: string | undefined): Promise<{ session: BrowserSession; cookie: string }> {
    const secret = newSecret();
    const now = this.clock.now();
    const session = await this.em.transactional(async (em) =>
      em.create(BrowserSession, {
        user: userId,
        secretHash: sha256(secret),
        userAgent: userAgent?.slice(0, USER_AGENT_LENGTH) || null,
        createdAt: now,
        lastUsedAt: now,
        expiresAt: new Date(now.getTime() + BROWSER_SESSION_IDLE_MS),
      }),
    );
    return { session, cookie: cookieValue(session.id, secret) };
  }

  /** A fresh access token for the session the cookie holds, and the cookie's next value; null when signed out. */
  async refresh(cookie: string | undefined): Promise<Refreshed | null> {
    const presented = parseCookie(cookie);
    if (!presented) return null;
    return this.em.transactional(async (em) => {
      const row = await em.findOne(BrowserSession, { id: presented.id }, { populate: ['user'] });
      const now = this.clock.now();
      if (!row || row.expiresAt.getTime() <= now.getTime()) return null;
      if (sameHash(presented.secretHash, row.secretHash)) {
        const secret = newSecret();
        // Conditional on the secret still being the presented one: of two refreshes at once, one rotates.
        const rotated = await em.nativeUpdate(
          BrowserSession,
          { id: row.id, secretHash: row.secretHash },
          {
            secretHash: sha256(secret),
            previousSecretHash: row.secretHash,
            previousValidUntil: new Date(now.getTime() + ROTATION_GRACE_MS),
            lastUsedAt: now,
            expiresAt: new Date(now.getTime() + BROWSER_SESSION_IDLE_MS),
          },
        );
        return {
          session: await this.auth.issueSession(row.user),
          cookie: rotated === 1 ? cookieValue(row.id, secret) : null,
        };
      }
      if (sameHash(presented.secretHash, row.previousSecretHash)) {
        if (row.previousValidUntil && row.previousValidUntil.getTime() > now.getTime())
          return { session: await this.auth.issueSession(row.user), cookie: null };
        await em.nativeDelete(BrowserSession, { id: row.id });
      }
      return null;
    });
  }

  /** Ends the session the cookie holds, if it still is one. */
  async end(cookie: string | undefined): Promise<void> {
    const id = await this.currentId(cookie);
    if (id !== null) await this.em.transactional((em) => em.nativeDelete(BrowserSession, { id }));
  }

  /** The id of the live session the cookie holds, or null. */
  async currentId(cookie: string | undefined): Promise<number | null> {
    const presented = parseCookie(cookie);
    if (!presented) return null;
    const row = await this.em.findOne(BrowserSession, { id: presented.id });
    if (!row || row.expiresAt.getTime() <= this.clock.now().getTime()) return null;
    return sameHash(presented.secretHash, row.secretHash) || sameHash(presented.secretHash, row.previousSecretHash)
      ? row.id
      : null;
  }

  async list(userId: number): Promise<BrowserSession[]> {
    return this.em.find(
      BrowserSession,
      { user: userId, expiresAt: { $gt: this.clock.now() } },
      { orderBy: { lastUsedAt: 'desc', id: 'desc' } },
    );
  }

  async revoke(userId: number, id: number): Promise<void> {
    const deleted = await this.em.transactional((em) => em.nativeDelete(BrowserSession, { id, user: userId }));
    if (deleted === 0) throw new NotFoundException('session not found');
  }
}
