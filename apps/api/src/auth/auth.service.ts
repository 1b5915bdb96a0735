import { randomBytes } from 'node:crypto';
import {
  BadRequestException,
  Inject,
  Injectable,
  NotFoundException,
  UnauthorizedException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiToken, BrowserSession, Clock, EntityManager, User, isDatabaseBusy, tokenVersionOf } from '@streakforge/db';
import { fieldErrors } from '../common/error-body.js';
import { assertIdentityFree, emailIs } from '../common/identity.js';
import { API_CONFIG, type ApiConfig } from '../common/api-config.js';
import { toUserResponse } from '../users/users.dto.js';
import {
  toTokenResponse,
  type ChangePasswordDto,
  type CreateTokenDto,
  type CreatedTokenResponse,
  type LoginDto,
  type RegisterDto,
  type SessionResponse,
  type TokenListResponse,
} from './auth.dto.js';
import { hashPassword, passwordWeakness, verifyPassword } from './passwords.js';
import { sha256 } from './secret-hash.js';

const PERSONAL_TOKEN_PREFIX = 'sfp_';
/** Last-used times are kept to the hour so reads with a personal token do not each write to the database. */
const LAST_USED_RESOLUTION_MS = 60 * 60 * 1000;

/** How many personal tokens one account may hold (docs/api-guide.md, "Limits"). */
export const MAX_PERSONAL_TOKENS = 100;
const DAY_MS = 24 * 60 * 60 * 1000;

interface AccessTokenClaims {
  sub: string;
  typ: 'access';
  iat: number;
  /** The user's token version when it was signed; raising the version revokes it. */
  ver: number;
  exp?: number;
}

/** What a request was authenticated with: a password session's access token, or a personal token and its scope. */
export type Credential = { kind: 'session' } | { kind: 'personal-token'; scope: 'read' | 'write' };

export interface Authenticated {
  userId: number;
  credential: Credential;
}

/** The hash of a new password, or a 400 on `field` when the password is too easy to guess. */
async function hashNewPassword(field: string, password: string, userInputs: string[], log2N: number): Promise<string> {
  const weakness = await passwordWeakness(password, userInputs);
  if (weakness) throw new BadRequestException(fieldErrors([{ field, message: weakness }]));
  return hashPassword(password, log2N);
}

@Injectable()
export class AuthService {
  /** Compared against when a login names no account, so unknown and known logins cost the same time. */
  private decoy: Promise<string> | undefined;

  constructor(
    private readonly em: EntityManager,
    private readonly jwt: JwtService,
    private readonly clock: Clock,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async register(input: RegisterDto): Promise<SessionResponse> {
    // Hashed before the identity check, so a taken username or email answers no faster than a new account.
    const passwordHash = await hashNewPassword(
      'password',
      input.password,
      [input.username, input.email],
      this.config.scryptLog2N,
    );
    await assertIdentityFree(this.em, { username: input.username, email: input.email });
    const now = this.clock.now();
    const user = this.em.create(User, {
      createdAt: now,
      updatedAt: now,
      username: input.username,
      email: input.email,
      passwordHash,
      timezone: input.timezone ?? 'UTC',
      dayStartMinutes: input.dayStartMinutes ?? 0,
      weekStart: input.weekStart ?? 1,
    });
    await this.em.flush();
    return this.issueSession(user);
  }

  async login({ login, password }: LoginDto): Promise<SessionResponse> {
    const user = await this.em.findOne(User, login.includes('@') ? emailIs(login) : { username: login.toLowerCase() });
    this.decoy ??= hashPassword(randomBytes(16).toString('hex'), this.config.scryptLog2N);
    const valid = await verifyPassword(password, user?.passwordHash ?? (await this.decoy));
    if (!user || !valid) throw new UnauthorizedException('invalid login or password');
    return this.issueSession(user);
  }

  /**
   * The user a bearer token stands for, and how: an unexpired, unrevoked personal token, or an access token that
   * carries an expiry and the user's current token version.
   */
  async authenticate(token: string): Promise<Authenticated | null> {
    if (token.startsWith(PERSONAL_TOKEN_PREFIX)) return this.authenticatePersonalToken(token);
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, { clockTimestamp: this.nowSeconds() });
    } catch {
      return null;
    }
    if (
      claims.typ !== 'access' ||
      !/^\d{1,15}$/.test(claims.sub) ||
      typeof claims.exp !== 'number' ||
      !Number.isInteger(claims.ver)
    )
      return null;
    // A plain prepared read, not an entity: every authenticated request pays for this lookup.
    const userId = Number(claims.sub);
    if ((await tokenVersionOf(this.em, userId)) !== claims.ver) return null;
    return { userId, credential: { kind: 'session' } };
  }

  /**
   * A new password for a signed-in user: every other session is signed out, and this one gets a fresh token. The
   * browser session the request came from, if any, stays signed in.
   */
  async changePassword(
    userId: number,
    { currentPassword, newPassword }: ChangePasswordDto,
    keepBrowserSession: number | null = null,
  ): Promise<SessionResponse> {
    const user = await this.em.findOneOrFail(User, userId);
    if (!(await verifyPassword(currentPassword, user.passwordHash))) {
      throw new BadRequestException(
        fieldErrors([{ field: 'currentPassword', message: 'currentPassword is not your current password' }]),
      );
    }
    const passwordHash = await hashNewPassword(
      'newPassword',
      newPassword,
      [user.username, user.email],
      this.config.scryptLog2N,
    );
    return this.issueSession(await this.revokeAccessTokens(userId, { passwordHash }, keepBrowserSession));
  }

  /** Signs every session of the user out, this one included; personal tokens are revoked one by one. */
  async revokeSessions(userId: number): Promise<void> {
    await this.revokeAccessTokens(userId);
  }

  /**
   * Raises the user's token version, with other changes, so every access token signed before stops working, and ends
   * every browser session but `keepBrowserSession`.
   */
  private revokeAccessTokens(
    userId: number,
    changes: Pick<Partial<User>, 'passwordHash'> = {},
    keepBrowserSession: number | null = null,
  ): Promise<User> {
    return this.em.transactional(async (em) => {
      const user = await em.findOneOrFail(User, userId);
      await em.nativeDelete(BrowserSession, {
        user: userId,
        ...(keepBrowserSession === null ? {} : { id: { $ne: keepBrowserSession } }),
      });
      em.assign(user, { ...changes, tokenVersion: user.tokenVersion + 1, updatedAt: this.clock.now() });
      return user;
    });
  }

  async createToken(
    userId: number,
    { name, scope = 'write', expiresInDays = 365 }: CreateTokenDto,
  ): Promise<CreatedTokenResponse> {
    const token = PERSONAL_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const row = await this.em.transactional(async (em) => {
      if ((await em.count(ApiToken, { user: userId })) >= MAX_PERSONAL_TOKENS) {
        throw new UnprocessableEntityException(
          fieldErrors([
            {
              field: 'name',
              message: `an account holds at most ${MAX_PERSONAL_TOKENS} personal tokens; revoke one first`,
            },
          ]),
        );
      }
      return em.create(ApiToken, {
        user: userId,
        name,
        scope,
        tokenHash: sha256(token),
        createdAt: now,
        expiresAt: new Date(now.getTime() + expiresInDays * DAY_MS),
      });
    });
    return { ...toTokenResponse(row), token };
  }

  async listTokens(userId: number): Promise<TokenListResponse> {
    const rows = await this.em.find(ApiToken, { user: userId }, { orderBy: { id: 'asc' } });
    return { items: rows.map(toTokenResponse) };
  }

  async revokeToken(userId: number, id: number): Promise<void> {
    const deleted = await this.em.transactional((em) => em.nativeDelete(ApiToken, { id, user: userId }));
    if (deleted === 0) throw new NotFoundException('token not found');
  }

  private async authenticatePersonalToken(token: string): Promise<Authenticated | null> {
    const row = await this.em.findOne(ApiToken, { tokenHash: sha256(token) });
    const now = this.clock.now();
    if (!row || (row.expiresAt && row.expiresAt.getTime() <= now.getTime())) return null;
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
      // A hint, not data: a locked database must not turn a read with this token into a 503.
      await this.em.nativeUpdate(ApiToken, { id: row.id }, { lastUsedAt: now }).catch((error: unknown) => {
        if (!isDatabaseBusy(error)) throw error;
      });
    }
    return { userId: row.user.id, credential: { kind: 'personal-token', scope: row.scope } };
  }

  /** A new access token for the user, at their current token version. */
  async issueSession(user: User): Promise<SessionResponse> {
    const claims: AccessTokenClaims = {
      sub: String(user.id),
      typ: 'access',
      iat: this.nowSeconds(),
      ver: user.tokenVersion,
    };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.accessTokenTtlSeconds });
    return { user: toUserResponse(user), accessToken, expiresIn: this.config.accessTokenTtlSeconds };
  }

  private nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }
}
