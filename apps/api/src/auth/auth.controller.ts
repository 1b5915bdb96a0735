import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ApiErrors } from '../common/openapi.js';
import { ParseIdPipe } from '../common/dto.js';
import {
  CreateTokenDto,
  CreatedTokenResponse,
  LoginDto,
  RegisterDto,
  SessionResponse,
  TokenListResponse,
} from './auth.dto.js';
import { CurrentUserId, Public } from './auth.guard.js';
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
@Controller('me/tokens')
export class TokensController {
  constructor(private readonly auth: AuthService) {}

  @Post()
  @ApiCreatedResponse({ type: CreatedTokenResponse, description: 'the token is shown only in this response' })
  @ApiErrors(400, 401)
  create(@CurrentUserId() userId: number, @Body() body: CreateTokenDto): Promise<CreatedTokenResponse> {
    return this.auth.createToken(userId, body.name);
  }

  @Get()
  @ApiOkResponse({ type: TokenListResponse })
  @ApiErrors(401)
  list(@CurrentUserId() userId: number): Promise<TokenListResponse> {
    return this.auth.listTokens(userId);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'revoked' })
  @ApiErrors(400, 401, 404)
  revoke(@CurrentUserId() userId: number, @Param('id', ParseIdPipe) id: number): Promise<void> {
    return this.auth.revokeToken(userId, id);
  }
}
