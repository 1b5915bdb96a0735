import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUserId } from '../auth/auth.guard.js';
import { ParseIdPipe } from '../common/dto.js';
import { ApiErrors } from '../common/openapi.js';
import { CreateHabitDto, HabitListResponse, HabitResponse, ListHabitsQuery, UpdateHabitDto } from './habits.dto.js';
import { HabitsService } from './habits.service.js';

@ApiTags('habits')
@ApiBearerAuth()
@Controller('habits')
export class HabitsController {
  constructor(private readonly habits: HabitsService) {}

  @ApiOperation({
    summary: 'Create a habit',
    description:
      'Yes/no or numeric, daily, N per calendar week or N per M days. The response carries the streak and score as of your logical today. An account holds at most 2,000 habits in 200 categories (422 past that).',
  })
  @Post()
  @ApiCreatedResponse({ type: HabitResponse, description: 'the new habit with its streak and score' })
  @ApiErrors(400, 401, 422)
  create(@CurrentUserId() userId: number, @Body() body: CreateHabitDto): Promise<HabitResponse> {
    return this.habits.create(userId, body);
  }

  @ApiOperation({
    summary: 'List your habits',
    description:
      'Active habits by default, ordered by position then id, each with its current streak and score as of your logical today.',
  })
  @Get()
  @ApiOkResponse({ type: HabitListResponse, description: 'ordered by position, then id' })
  @ApiErrors(400, 401)
  list(@CurrentUserId() userId: number, @Query() query: ListHabitsQuery): Promise<HabitListResponse> {
    return this.habits.list(userId, query);
  }

  @ApiOperation({
    summary: 'Get a habit',
    description: 'The habit with its current streak and score as of your logical today.',
  })
  @Get(':id')
  @ApiOkResponse({ type: HabitResponse, description: 'the habit with its streak and score' })
  @ApiErrors(400, 401, 404)
  get(@CurrentUserId() userId: number, @Param('id', ParseIdPipe) id: number): Promise<HabitResponse> {
    return this.habits.get(userId, id);
  }

  @ApiOperation({
    summary: 'Change a habit',
    description:
      'Send only the fields that change; absent fields keep their value and `null` clears an optional one. A schedule or target change re-evaluates past days under the new rule. The type (yes/no or numeric) can change only while no done day is recorded (422 otherwise).',
  })
  @Patch(':id')
  @ApiOkResponse({ type: HabitResponse, description: 'a schedule or target change recomputes the streak' })
  @ApiErrors(400, 401, 404, 422)
  update(
    @CurrentUserId() userId: number,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: UpdateHabitDto,
  ): Promise<HabitResponse> {
    return this.habits.update(userId, id, body);
  }

  @ApiOperation({
    summary: 'Delete a habit',
    description:
      'Deletes the habit with all its days. To keep the history, archive it instead (`PATCH` with `archived: true`).',
  })
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'deleted with all its completions' })
  @ApiErrors(400, 401, 404)
  remove(@CurrentUserId() userId: number, @Param('id', ParseIdPipe) id: number): Promise<void> {
    return this.habits.remove(userId, id);
  }
}
