import type {} from '@fastify/cookie';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Req,
  Res,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiErrors } from '../common/openapi.js';
import { ParseIdPipe } from '../common/dto.js';
import {
  BrowserSessionListResponse,
  BrowserSessionResponse,
  ChangePasswordDto,
  CreateTokenDto,
  CreatedTokenResponse,
  LoginDto,
  RegisterDto,
  SessionResponse,
  TokenListResponse,
  toBrowserSessionResponse,
} from './auth.dto.js';
import { CurrentUserId, Public, SessionOnly } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { BROWSER_SESSION_IDLE_MS, BrowserSessionsService } from './browser-sessions.service.js';

/** The cookie a browser session lives in; only the API's own paths receive it. */
export const SESSION_COOKIE = 'streakforge_session';
const COOKIE_PATH = '/api/v1';

const sessionCookieOf = (request: FastifyRequest) => request.cookies[SESSION_COOKIE];

/** httpOnly so page scripts cannot read it, SameSite=Strict so other sites cannot send it, Secure under HTTPS. */
const cookieOptions = (request: FastifyRequest) =>
  ({ path: COOKIE_PATH, httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https' }) as const;

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, value: string): void {
  void reply.setCookie(SESSION_COOKIE, value, { ...cookieOptions(request), maxAge: BROWSER_SESSION_IDLE_MS / 1000 });
}

function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
}

@ApiTags('auth')
@Controller('auth')
@Public()
@UseGuards(ThrottlerGuard)
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @ApiOperation({
    summary: 'Create an account',
    description:
      'Creates a user and signs them in. The time zone, day start and week start set how your days are counted; they can be changed later with `PATCH /me`. Limited per client address like login.',
  })
  @Post('register')
  @ApiCreatedResponse({ type: SessionResponse, description: 'the new account, signed in' })
  @ApiErrors(400, 409, 429)
  register(@Body() body: RegisterDto): Promise<SessionResponse> {
    return this.auth.register(body);
  }

  @ApiOperation({
    summary: 'Sign in',
    description:
      'Exchanges a username or email and password for an access token (JWT). Limited per client address: past the limit the answer is 429 with `Retry-After`.',
  })
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionResponse, description: 'signed in: send `accessToken` as a bearer token' })
  @ApiErrors(400, 401, 429)
  login(@Body() body: LoginDto): Promise<SessionResponse> {
    return this.auth.login(body);
  }
}

@ApiTags('auth')
@ApiBearerAuth()
@SessionOnly()
@Controller('me')
export class CredentialsController {
  constructor(
    private readonly auth: AuthService,
    private readonly browserSessions: BrowserSessionsService,
  ) {}

  @ApiOperation({
    summary: 'Change your password',
    description:
      'Needs the current password. Every other session is signed out; the response carries a fresh access token for this one. Personal tokens may not do this.',
  })
  @Post('password')
  @HttpCode(200)
  @UseGuards(ThrottlerGuard)
  @ApiOkResponse({
    type: SessionResponse,
    description: 'every other session is signed out; this response carries a new access token',
  })
  @ApiErrors(400, 401, 403, 429)
  async changePassword(
    @CurrentUserId() userId: number,
    @Body() body: ChangePasswordDto,
    @Req() request: FastifyRequest,
  ): Promise<SessionResponse> {
    return this.auth.changePassword(userId, body, await this.browserSessions.currentId(sessionCookieOf(request)));
  }

  @ApiOperation({
    summary: 'Sign out everywhere',
    description:
      'Revokes every access token and browser session of the account, this one included. Personal tokens are revoked one by one with `DELETE /me/tokens/{id}`.',
  })
  @Delete('sessions')
  @HttpCode(204)
  @ApiNoContentResponse({
    description:
      'every access token of the account, this one included, stops working; personal tokens are revoked one by one',
  })
  @ApiErrors(401, 403)
  revokeSessions(@CurrentUserId() userId: number): Promise<void> {
    return this.auth.revokeSessions(userId);
  }
}

@ApiTags('auth')
@ApiBearerAuth()
@SessionOnly()
@Controller('me/tokens')
export class TokensController {
  constructor(private readonly auth: AuthService) {}

  @ApiOperation({
    summary: 'Create a personal token',
    description:
      'A long-lived token for scripts and apps, `read` or `write` scoped. The token is shown only in this response; only its hash is stored.',
  })
  @Post()
  @ApiCreatedResponse({ type: CreatedTokenResponse, description: 'the token is shown only in this response' })
  @ApiErrors(400, 401, 403, 422)
  create(@CurrentUserId() userId: number, @Body() body: CreateTokenDto): Promise<CreatedTokenResponse> {
    return this.auth.createToken(userId, body);
  }

  @ApiOperation({
    summary: 'List your personal tokens',
    description: 'Every personal token of the account, without the token itself.',
  })
  @Get()
  @ApiOkResponse({ type: TokenListResponse, description: 'oldest first, without the tokens themselves' })
  @ApiErrors(401, 403)
  list(@CurrentUserId() userId: number): Promise<TokenListResponse> {
    return this.auth.listTokens(userId);
  }

  @ApiOperation({ summary: 'Revoke a personal token', description: 'The token stops working at once.' })
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'revoked' })
  @ApiErrors(400, 401, 403, 404)
  revoke(@CurrentUserId() userId: number, @Param('id', ParseIdPipe) id: number): Promise<void> {
    return this.auth.revokeToken(userId, id);
  }
}

@ApiTags('auth')
@Controller('auth')
@Public()
export class BrowserAuthController {
  constructor(private readonly browserSessions: BrowserSessionsService) {}

  @ApiOperation({
    summary: 'Refresh a browser session',
    description:
      "For the web app: exchanges the httpOnly session cookie set by `POST /me/browser-sessions` for a new access token, and replaces the cookie with a new one. No bearer token and no body. A cookie that was already replaced is refused (after a few seconds' grace for a second tab) and ends its session.",
  })
  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionResponse, description: 'a new access token; the response sets the next cookie' })
  @ApiErrors(401)
  async refresh(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionResponse> {
    const refreshed = await this.browserSessions.refresh(sessionCookieOf(request));
    if (!refreshed) {
      clearSessionCookie(request, reply);
      throw new UnauthorizedException('not signed in: the session ended or was signed out');
    }
    if (refreshed.cookie) setSessionCookie(request, reply, refreshed.cookie);
    return refreshed.session;
  }

  @ApiOperation({
    summary: 'Sign a browser out',
    description:
      'Ends the browser session the cookie holds and clears the cookie. Access tokens already issued expire on their own. Answers 204 also when there was no session.',
  })
  @Post('sign-out')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'signed out' })
  @ApiErrors()
  async signOut(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.browserSessions.end(sessionCookieOf(request));
    clearSessionCookie(request, reply);
  }
}

@ApiTags('auth')
@ApiBearerAuth()
@SessionOnly()
@Controller('me/browser-sessions')
export class BrowserSessionsController {
  constructor(private readonly browserSessions: BrowserSessionsService) {}

  @ApiOperation({
    summary: 'Keep this browser signed in',
    description:
      'For the web app, after register or login: starts a browser session and sets it as an httpOnly, SameSite=Strict cookie (Secure under HTTPS) that `POST /auth/refresh` exchanges for access tokens. It lasts 30 days from its last use.',
  })
  @Post()
  @ApiCreatedResponse({ type: BrowserSessionResponse, description: 'the new session; the response sets its cookie' })
  @ApiErrors(401, 403)
  async start(
    @CurrentUserId() userId: number,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BrowserSessionResponse> {
    const { session, cookie } = await this.browserSessions.start(userId, request.headers['user-agent']);
    setSessionCookie(request, reply, cookie);
    return toBrowserSessionResponse(session, session.id);
  }

  @ApiOperation({
    summary: 'List your browser sessions',
    description: 'Every browser signed in to the account, most recently used first; `current` marks the one asking.',
  })
  @Get()
  @ApiOkResponse({ type: BrowserSessionListResponse, description: 'most recently used first' })
  @ApiErrors(401, 403)
  async list(@CurrentUserId() userId: number, @Req() request: FastifyRequest): Promise<BrowserSessionListResponse> {
    const currentId = await this.browserSessions.currentId(sessionCookieOf(request));
    const rows = await this.browserSessions.list(userId);
    return { items: rows.map((row) => toBrowserSessionResponse(row, currentId)) };
  }

  @ApiOperation({
    summary: 'Sign a browser out',
    description: 'Ends one browser session: its next refresh is refused. Its current access token expires on its own.',
  })
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'signed out' })
  @ApiErrors(400, 401, 403, 404)
  revoke(@CurrentUserId() userId: number, @Param('id', ParseIdPipe) id: number): Promise<void> {
    return this.browserSessions.revoke(userId, id);
  }
}
