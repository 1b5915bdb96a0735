import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ApiErrors } from '../common/openapi.js';
import { ParseIdPipe } from '../common/dto.js';
import {
  ChangePasswordDto,
  CreateTokenDto,
  CreatedTokenResponse,
  LoginDto,
  RegisterDto,
  SessionResponse,
  TokenListResponse,
} from './auth.dto.js';
import { CurrentUserId, Public, SessionOnly } from './auth.guard.js';
import { AuthService } from './auth.service.js';

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
  constructor(private readonly auth: AuthService) {}

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
  changePassword(@CurrentUserId() userId: number, @Body() body: ChangePasswordDto): Promise<SessionResponse> {
    return this.auth.changePassword(userId, body);
  }

  @ApiOperation({
    summary: 'Sign out everywhere',
    description:
      'Revokes every access token of the account, this one included. Personal tokens are revoked one by one with `DELETE /me/tokens/{id}`.',
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
