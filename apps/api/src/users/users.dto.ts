import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { User } from '@streakforge/db';
import { Optional, Trim } from '../common/dto.js';
import { TimeZoneField } from './time-zone.validator.js';

export const USERNAME_PATTERN = /^[a-z0-9_.-]{3,32}$/;
export const USERNAME_MESSAGE = 'username must be 3 to 32 characters of a-z, 0-9, _ . -';

export class UserResponse {
  @ApiProperty()
  id!: number;

  @ApiProperty()
  username!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty({ example: 'Europe/Berlin' })
  timezone!: string;

  @ApiProperty({ minimum: 0, maximum: 1439 })
  dayStartMinutes!: number;

  @ApiProperty({ minimum: 1, maximum: 7 })
  weekStart!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class UpdateMeDto {
  @ApiPropertyOptional({ pattern: USERNAME_PATTERN.source })
  @Optional()
  @Trim()
  @IsString()
  @Matches(USERNAME_PATTERN, { message: USERNAME_MESSAGE })
  username?: string;

  @ApiPropertyOptional({ maxLength: 254 })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  email?: string;

  @ApiPropertyOptional({ example: 'Europe/Berlin' })
  @Optional()
  @TimeZoneField()
  timezone?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 1439 })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(1439)
  dayStartMinutes?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 7 })
  @Optional()
  @IsIn([1, 2, 3, 4, 5, 6, 7], { message: 'weekStart must be 1 (Monday) to 7 (Sunday)' })
  weekStart?: number;
}

export function toUserResponse(user: User): UserResponse {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    timezone: user.timezone,
    dayStartMinutes: user.dayStartMinutes,
    weekStart: user.weekStart,
    createdAt: user.createdAt.toISOString(),
  };
}
