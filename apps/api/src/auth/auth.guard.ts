import {
  ForbiddenException,
  Injectable,
  SetMetadata,
  UnauthorizedException,
  createParamDecorator,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AuthService, type Credential } from './auth.service.js';

const IS_PUBLIC = 'streakforge:public';
const SESSION_ONLY = 'streakforge:session-only';
const READ_METHODS = new Set(['GET', 'HEAD']);

/** Marks a route as reachable without a bearer token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * Marks a route that manages the account (its password, email, sessions, personal tokens, deletion): only a session
 * signed in with the password may use it, never a personal token.
 */
export const SessionOnly = () => SetMetadata(SESSION_ONLY, true);

type AuthenticatedRequest = FastifyRequest & { userId?: number; credential?: Credential };

/** The authenticated user's id; every service scopes its queries by it. */
export const CurrentUserId = createParamDecorator((_data: unknown, context: ExecutionContext): number => {
  const userId = context.switchToHttp().getRequest<AuthenticatedRequest>().userId;
  if (userId === undefined) throw new UnauthorizedException('authentication required');
  return userId;
});

/**
 * Every route needs `Authorization: Bearer <access token | personal token>` unless marked {@link Public}; a read-only
 * personal token may only read, and no personal token may use a {@link SessionOnly} route.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw new UnauthorizedException('missing bearer token');
    const authenticated = await this.auth.authenticate(token);
    if (!authenticated) throw new UnauthorizedException('invalid or expired token');
    const { credential } = authenticated;
    if (credential.kind === 'personal-token') {
      if (this.reflector.getAllAndOverride<boolean>(SESSION_ONLY, targets)) {
        throw new ForbiddenException('this route needs a session signed in with your password, not a personal token');
      }
      if (credential.scope === 'read' && !READ_METHODS.has(request.method))
        throw new ForbiddenException('this personal token is read-only');
    }
    request.userId = authenticated.userId;
    request.credential = credential;
    return true;
  }
}
