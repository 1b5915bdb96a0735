import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUserId } from '../auth/auth.guard.js';
import { DateRangeQuery } from '../common/dto.js';
import { ApiErrors } from '../common/openapi.js';
import { HeatmapResponse, SummaryResponse } from './analytics.dto.js';
import { AnalyticsService } from './analytics.service.js';

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @ApiOperation({
    summary: 'Analytics summary over a range',
    description:
      'Completion rate, done days, current streaks, figures per category and the same figures for the previous period of equal length. Default range: the last 30 days up to your logical today. Skipped days are left out of rates; today counts once it qualifies and is never a miss. See docs/habit-semantics.md, "Analytics".',
  })
  @Get('summary')
  @ApiOkResponse({ type: SummaryResponse, description: 'default range: the last 30 days up to your logical today' })
  @ApiErrors(400, 401, 422)
  summary(@CurrentUserId() userId: number, @Query() query: DateRangeQuery): Promise<SummaryResponse> {
    return this.analytics.summary(userId, query);
  }

  @ApiOperation({
    summary: 'Heatmap of a range',
    description:
      'Per day: how many of your habits qualified, were active (started, not archived) and counted, and the completion rate of the day by the same rule as every rate (skipped and pending days left out). Default range: the last year up to your logical today.',
  })
  @Get('heatmap')
  @ApiOkResponse({ type: HeatmapResponse, description: 'one item per day of the range, oldest first' })
  @ApiErrors(400, 401, 422)
  heatmap(@CurrentUserId() userId: number, @Query() query: DateRangeQuery): Promise<HeatmapResponse> {
    return this.analytics.heatmap(userId, query);
  }
}
