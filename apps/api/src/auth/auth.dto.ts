import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsInt, IsString, Length, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { ApiToken, BrowserSession } from '@streakforge/db';
import { Optional, Trim } from '../common/dto.js';
import { TimeZoneField } from '../users/time-zone.validator.js';
import { USERNAME_MESSAGE, USERNAME_PATTERN, UserResponse } from '../users/users.dto.js';

/** The rules every new password meets; how guessable it is, the service checks against the user's name and email. */
const NewPassword = () =>
  applyDecorators(
    ApiProperty({
      minLength: 10,
      maxLength: 256,
      example: 'correct horse battery',
      description: 'at least 10 characters, and not easy to guess',
    }),
    IsString(),
    MinLength(10, { message: 'password must be at least 10 characters' }),
    MaxLength(256),
  );

export class RegisterDto {
  @ApiProperty({ example: 'ada', pattern: USERNAME_PATTERN.source })
  @Trim()
  @IsString()
  @Matches(USERNAME_PATTERN, { message: USERNAME_MESSAGE })
  username!: string;

  @ApiProperty({ example: 'ada@example.org', maxLength: 254 })
  @Trim()
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  email!: string;

  @NewPassword()
  password!: string;

  @ApiPropertyOptional({ example: 'Europe/Berlin', default: 'UTC' })
  @Optional()
  @TimeZoneField()
  timezone?: string;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 1439,
    default: 0,
    description: 'minutes after midnight at which the day starts',
  })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(1439)
  dayStartMinutes?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 7, default: 1, description: '1 = Monday … 7 = Sunday' })
  @Optional()
  @IsIn([1, 2, 3, 4, 5, 6, 7], { message: 'weekStart must be 1 (Monday) to 7 (Sunday)' })
  weekStart?: number;
}

export class LoginDto {
  @ApiProperty({ description: 'username or email', example: 'ada' })
  @Trim()
  @IsString()
  @Length(1, 254)
  login!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 256)
  password!: string;
}

export class SessionResponse {
  @ApiProperty({ type: UserResponse })
  user!: UserResponse;

  @ApiProperty({ description: 'signed JWT, short-lived: send as `Authorization: Bearer <token>`' })
  accessToken!: string;

  @ApiProperty({ description: 'seconds until the access token expires' })
  expiresIn!: number;
}

export class ChangePasswordDto {
  @ApiProperty({ maxLength: 256 })
  @IsString()
  @Length(1, 256)
  currentPassword!: string;

  @NewPassword()
  newPassword!: string;
}

export const TOKEN_SCOPES = ['read', 'write'] as const;

export class CreateTokenDto {
  @ApiProperty({ example: 'home automation', minLength: 1, maxLength: 100 })
  @Trim()
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({
    enum: TOKEN_SCOPES,
    default: 'write',
    description: '`read`: GET requests only; `write`: also changes habits and days. No token manages the account.',
  })
  @Optional()
  @IsIn(TOKEN_SCOPES, { message: 'scope must be read or write' })
  scope?: (typeof TOKEN_SCOPES)[number];

  @ApiPropertyOptional({ minimum: 1, maximum: 3650, default: 365, description: 'days until the token stops working' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(3650)
  expiresInDays?: number;
}

export class TokenResponse {
  @ApiProperty()
  id!: number;

  @ApiProperty()
  name!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ enum: TOKEN_SCOPES })
  scope!: (typeof TOKEN_SCOPES)[number];

  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'null only for tokens made before tokens expired',
  })
  expiresAt!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  lastUsedAt!: string | null;
}

export class CreatedTokenResponse extends TokenResponse {
  @ApiProperty({ description: 'shown once; usable as a Bearer token until it expires or is revoked' })
  token!: string;
}

export class TokenListResponse {
  @ApiProperty({ type: [TokenResponse] })
  items!: TokenResponse[];
}

export function toTokenResponse(token: ApiToken): TokenResponse {
  return {
    id: token.id,
    name: token.name,
    createdAt: token.createdAt.toISOString(),
    scope: token.scope,
    expiresAt: token.expiresAt ? token.expiresAt.toISOString() : null,
    lastUsedAt: token.lastUsedAt ? token.lastUsedAt.toISOString() : null,
  };
}

export class BrowserSessionResponse {
  @ApiProperty()
  id!: number;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'what the browser said it was when it signed in (its User-Agent, cut to 200 characters)',
  })
  userAgent!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', description: 'the last time it fetched a new access token' })
  lastUsedAt!: string;

  @ApiProperty({ format: 'date-time', description: 'when it ends unless it is used again before' })
  expiresAt!: string;

  @ApiProperty({ description: 'true for the session of the browser that asks' })
  current!: boolean;
}

export class BrowserSessionListResponse {
  @ApiProperty({ type: [BrowserSessionResponse] })
  items!: BrowserSessionResponse[];
}

export function toBrowserSessionResponse(session: BrowserSession, currentId: number | null): BrowserSessionResponse {
  return {
    id: session.id,
    userAgent: session.userAgent ?? null,
    createdAt: session.createdAt.toISOString(),
    lastUsedAt: session.lastUsedAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
    current: session.id === currentId,
  };
}
