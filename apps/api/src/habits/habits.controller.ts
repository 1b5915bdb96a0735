import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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

  @Post()
  @ApiCreatedResponse({ type: HabitResponse })
  @ApiErrors(400, 401)
  create(@CurrentUserId() userId: number, @Body() body: CreateHabitDto): Promise<HabitResponse> {
    return this.habits.create(userId, body);
  }

  @Get()
  @ApiOkResponse({ type: HabitListResponse, description: 'ordered by position, then id' })
  @ApiErrors(400, 401)
  list(@CurrentUserId() userId: number, @Query() query: ListHabitsQuery): Promise<HabitListResponse> {
    return this.habits.list(userId, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: HabitResponse })
  @ApiErrors(400, 401, 404)
  get(@CurrentUserId() userId: number, @Param('id', ParseIdPipe) id: number): Promise<HabitResponse> {
    return this.habits.get(userId, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: HabitResponse, description: 'a schedule or target change recomputes the streak' })
  @ApiErrors(400, 401, 404)
  update(
    @CurrentUserId() userId: number,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: UpdateHabitDto,
  ): Promise<HabitResponse> {
    return this.habits.update(userId, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'deleted with all its completions' })
  @ApiErrors(400, 401, 404)
  remove(@CurrentUserId() userId: number, @Param('id', ParseIdPipe) id: number): Promise<void> {
    return this.habits.remove(userId, id);
  }
}
