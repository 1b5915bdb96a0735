import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiToken, Clock, EntityManager, User, isDatabaseBusy } from '@streakforge/db';
import { assertIdentityFree, emailIs } from '../common/identity.js';
import { API_CONFIG, type ApiConfig } from '../common/api-config.js';
import { toUserResponse } from '../users/users.dto.js';
import {
  toTokenResponse,
  type CreatedTokenResponse,
  type LoginDto,
  type RegisterDto,
  type SessionResponse,
  type TokenListResponse,
} from './auth.dto.js';
import { hashPassword, verifyPassword } from './passwords.js';

const PERSONAL_TOKEN_PREFIX = 'sfp_';
/** Last-used times are kept to the hour so reads with a personal token do not each write to the database. */
const LAST_USED_RESOLUTION_MS = 60 * 60 * 1000;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface AccessTokenClaims {
  sub: string;
  typ: 'access';
  iat: number;
}

@Injectable()
export class AuthService {
  /** Compared against when a login names no account, so unknown and known logins cost the same time. */
  private readonly decoyHash = hashPassword(randomBytes(16).toString('hex'));

  constructor(
    private readonly em: EntityManager,
    private readonly jwt: JwtService,
    private readonly clock: Clock,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async register(input: RegisterDto): Promise<SessionResponse> {
    await assertIdentityFree(this.em, { username: input.username, email: input.email });
    const now = this.clock.now();
    const user = this.em.create(User, {
      createdAt: now,
      updatedAt: now,
      username: input.username,
      email: input.email,
      passwordHash: await hashPassword(input.password),
      timezone: input.timezone ?? 'UTC',
      dayStartMinutes: input.dayStartMinutes ?? 0,
      weekStart: input.weekStart ?? 1,
    });
    await this.em.flush();
    return this.session(user);
  }

  async login({ login, password }: LoginDto): Promise<SessionResponse> {
    const user = await this.em.findOne(User, login.includes('@') ? emailIs(login) : { username: login.toLowerCase() });
    const valid = await verifyPassword(password, user?.passwordHash ?? (await this.decoyHash));
    if (!user || !valid) throw new UnauthorizedException('invalid login or password');
    return this.session(user);
  }

  /** The user a bearer token stands for: a personal token or an unexpired access token of an existing user. */
  async authenticate(token: string): Promise<User | null> {
    if (token.startsWith(PERSONAL_TOKEN_PREFIX)) return this.authenticatePersonalToken(token);
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, { clockTimestamp: this.nowSeconds() });
    } catch {
      return null;
    }
    if (claims.typ !== 'access' || !/^\d+$/.test(claims.sub)) return null;
    return this.em.findOne(User, { id: Number(claims.sub) });
  }

  async createToken(userId: number, name: string): Promise<CreatedTokenResponse> {
    const token = PERSONAL_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const row = this.em.create(ApiToken, { user: userId, name, tokenHash: sha256(token), createdAt: this.clock.now() });
    await this.em.flush();
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

  private async authenticatePersonalToken(token: string): Promise<User | null> {
    const row = await this.em.findOne(ApiToken, { tokenHash: sha256(token) }, { populate: ['user'] });
    if (!row) return null;
    const now = this.clock.now();
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
      // A hint, not data: a locked database must not turn a read with this token into a 503.
      await this.em.nativeUpdate(ApiToken, { id: row.id }, { lastUsedAt: now }).catch((error: unknown) => {
        if (!isDatabaseBusy(error)) throw error;
      });
    }
    return row.user;
  }

  private async session(user: User): Promise<SessionResponse> {
    const claims: AccessTokenClaims = { sub: String(user.id), typ: 'access', iat: this.nowSeconds() };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.accessTokenTtlSeconds });
    return { user: toUserResponse(user), accessToken, expiresIn: this.config.accessTokenTtlSeconds };
  }

  private nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }
}
