import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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

  @Post('register')
  @ApiCreatedResponse({ type: SessionResponse })
  @ApiErrors(400, 409, 429)
  register(@Body() body: RegisterDto): Promise<SessionResponse> {
    return this.auth.register(body);
  }

  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionResponse })
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

  @Post()
  @ApiCreatedResponse({ type: CreatedTokenResponse, description: 'the token is shown only in this response' })
  @ApiErrors(400, 401, 403, 422)
  create(@CurrentUserId() userId: number, @Body() body: CreateTokenDto): Promise<CreatedTokenResponse> {
    return this.auth.createToken(userId, body);
  }

  @Get()
  @ApiOkResponse({ type: TokenListResponse })
  @ApiErrors(401, 403)
  list(@CurrentUserId() userId: number): Promise<TokenListResponse> {
    return this.auth.listTokens(userId);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'revoked' })
  @ApiErrors(400, 401, 403, 404)
  revoke(@CurrentUserId() userId: number, @Param('id', ParseIdPipe) id: number): Promise<void> {
    return this.auth.revokeToken(userId, id);
  }
}
