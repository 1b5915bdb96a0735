import { Body, Controller, Delete, Get, HttpCode, Patch, UseGuards } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUserId, SessionOnly } from '../auth/auth.guard.js';
import { ApiErrors } from '../common/openapi.js';
import { UpdateMeDto, UserResponse } from './users.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @ApiOperation({
    summary: 'Your account',
    description: 'Username, email and the calendar settings your days are counted by.',
  })
  @Get()
  @ApiOkResponse({ type: UserResponse, description: 'your account' })
  @ApiErrors(401)
  get(@CurrentUserId() userId: number): Promise<UserResponse> {
    return this.users.get(userId);
  }

  @ApiOperation({
    summary: 'Change your account',
    description:
      'Send only what changes. A new time zone, day start or week start changes which day is "today" and how weeks are cut; streaks and analytics follow.',
  })
  @Patch()
  @SessionOnly()
  // Limited like login: a taken email answers 409, so unthrottled changes would list who has an account.
  @UseGuards(ThrottlerGuard)
  @ApiOkResponse({
    type: UserResponse,
    description: 'time zone, day start or week start changes never move stored dates',
  })
  @ApiErrors(400, 401, 403, 409, 429)
  update(@CurrentUserId() userId: number, @Body() body: UpdateMeDto): Promise<UserResponse> {
    return this.users.update(userId, body);
  }

  @ApiOperation({
    summary: 'Delete your account',
    description: 'Deletes the account with all its habits, days and tokens. There is no undo: export first.',
  })
  @Delete()
  @SessionOnly()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'the account and all its habits, completions and tokens are deleted' })
  @ApiErrors(401, 403)
  remove(@CurrentUserId() userId: number): Promise<void> {
    return this.users.remove(userId);
  }
}
