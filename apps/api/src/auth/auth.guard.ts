import { Injectable, SetMetadata, UnauthorizedException, createParamDecorator, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { User } from '@streakforge/db';
import type { FastifyRequest } from 'fastify';
import { AuthService } from './auth.service.js';

const IS_PUBLIC = 'streakforge:public';

/** Marks a route as reachable without a bearer token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

type AuthenticatedRequest = FastifyRequest & { user?: User };

/** The authenticated user's id; every service scopes its queries by it. */
export const CurrentUserId = createParamDecorator((_data: unknown, context: ExecutionContext): number => {
  const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) throw new UnauthorizedException('authentication required');
  return user.id;
});

/** Every route needs `Authorization: Bearer <access token | personal token>` unless marked {@link Public}. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw new UnauthorizedException('missing bearer token');
    const user = await this.auth.authenticate(token);
    if (!user) throw new UnauthorizedException('invalid or expired token');
    request.user = user;
    return true;
  }
}
