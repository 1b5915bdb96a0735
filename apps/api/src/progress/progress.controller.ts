import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUserId } from '../auth/auth.guard.js';
import { DateRangeQuery, ParseIdPipe } from '../common/dto.js';
import { ApiErrors } from '../common/openapi.js';
import { ScoresResponse, StatsResponse, StreaksQuery, StreaksResponse } from './progress.dto.js';
import { ProgressService } from './progress.service.js';

@ApiTags('progress')
@ApiBearerAuth()
@Controller('habits/:id')
export class ProgressController {
  constructor(private readonly progress: ProgressService) {}

  @ApiOperation({
    summary: "A habit's streaks",
    description: 'The current and longest streak and the best runs, longest first (ties: the more recent).',
  })
  @Get('streaks')
  @ApiOkResponse({ type: StreaksResponse, description: 'as of your logical today' })
  @ApiErrors(400, 401, 404)
  streaks(
    @CurrentUserId() userId: number,
    @Param('id', ParseIdPipe) id: number,
    @Query() query: StreaksQuery,
  ): Promise<StreaksResponse> {
    return this.progress.streaks(userId, id, query.limit);
  }

  @ApiOperation({
    summary: "A habit's strength score per day",
    description:
      "Loop Habit Tracker's exponential score for each day of the range, 0 to 1 with 6 decimals. Default range: the last 30 days.",
  })
  @Get('scores')
  @ApiOkResponse({ type: ScoresResponse, description: 'range ≤ 3660 days' })
  @ApiErrors(400, 401, 404, 422)
  scores(
    @CurrentUserId() userId: number,
    @Param('id', ParseIdPipe) id: number,
    @Query() query: DateRangeQuery,
  ): Promise<ScoresResponse> {
    return this.progress.scores(userId, id, query);
  }

  @ApiOperation({
    summary: "A habit's statistics",
    description:
      'Completion rate, done and skipped days, totals per week, month, quarter and year, and a weekday profile over the range.',
  })
  @Get('stats')
  @ApiOkResponse({
    type: StatsResponse,
    description: "default range: the habit's start (at most 3660 days back) to today",
  })
  @ApiErrors(400, 401, 404, 422)
  stats(
    @CurrentUserId() userId: number,
    @Param('id', ParseIdPipe) id: number,
    @Query() query: DateRangeQuery,
  ): Promise<StatsResponse> {
    return this.progress.stats(userId, id, query);
  }
}
