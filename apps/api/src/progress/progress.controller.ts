import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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

  @Get('streaks')
  @ApiOkResponse({ type: StreaksResponse })
  @ApiErrors(400, 401, 404)
  streaks(
    @CurrentUserId() userId: number,
    @Param('id', ParseIdPipe) id: number,
    @Query() query: StreaksQuery,
  ): Promise<StreaksResponse> {
    return this.progress.streaks(userId, id, query.limit);
  }

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
