import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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

  @Get('summary')
  @ApiOkResponse({ type: SummaryResponse, description: 'default range: the last 30 days up to your logical today' })
  @ApiErrors(400, 401, 422)
  summary(@CurrentUserId() userId: number, @Query() query: DateRangeQuery): Promise<SummaryResponse> {
    return this.analytics.summary(userId, query);
  }

  @Get('heatmap')
  @ApiOkResponse({ type: HeatmapResponse })
  @ApiErrors(400, 401, 422)
  heatmap(@CurrentUserId() userId: number, @Query() query: DateRangeQuery): Promise<HeatmapResponse> {
    return this.analytics.heatmap(userId, query);
  }
}
