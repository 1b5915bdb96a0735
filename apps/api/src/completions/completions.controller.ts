import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { IsoDate } from '@streakforge/core';
import type { FastifyReply } from 'fastify';
import { CurrentUserId } from '../auth/auth.guard.js';
import { DateRangeQuery, ParseIdPipe, ParseIsoDatePipe } from '../common/dto.js';
import { ApiErrors } from '../common/openapi.js';
import {
  BatchBody,
  BatchResponse,
  CompletionBody,
  CompletionListResponse,
  CompletionRangeQuery,
  CompletionResponse,
  DaysResponse,
  IncrementBody,
} from './completions.dto.js';
import { CompletionsService } from './completions.service.js';

@ApiTags('completions')
@ApiBearerAuth()
@Controller('habits/:id/completions')
export class CompletionsController {
  constructor(private readonly completions: CompletionsService) {}

  @ApiOperation({
    summary: 'Record a day',
    description:
      'Creates the record of one day (default: your logical today). A day that already has a record is a 409: `PUT` replaces. Dates after your logical today are a 422.',
  })
  @Post()
  @ApiCreatedResponse({ type: CompletionResponse, description: 'the recorded day' })
  @ApiErrors(400, 401, 404, 409, 422)
  create(
    @CurrentUserId() userId: number,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: CompletionBody,
  ): Promise<CompletionResponse> {
    return this.completions.create(userId, id, body);
  }

  @ApiOperation({
    summary: "List a habit's days",
    description:
      "Newest first, within `from`–`to` when given, `limit` at a time: send the answer's `nextCursor` as `cursor` for the next, older page. Yes/no habits record `value` 1 when done; numeric habits the amount.",
  })
  @Get()
  @ApiOkResponse({ type: CompletionListResponse, description: 'newest first' })
  @ApiErrors(400, 401, 404)
  list(
    @CurrentUserId() userId: number,
    @Param('id', ParseIdPipe) id: number,
    @Query() query: CompletionRangeQuery,
  ): Promise<CompletionListResponse> {
    return this.completions.list(userId, id, query);
  }

  @ApiOperation({
    summary: 'Get a day',
    description: "One day's record; a day with no record is a 404 (it counts as not done).",
  })
  @Get(':date')
  @ApiParam({ name: 'date', format: 'date' })
  @ApiOkResponse({ type: CompletionResponse, description: 'the recorded day' })
  @ApiErrors(400, 401, 404)
  get(
    @CurrentUserId() userId: number,
    @Param('id', ParseIdPipe) id: number,
    @Param('date', ParseIsoDatePipe) date: IsoDate,
  ): Promise<CompletionResponse> {
    return this.completions.get(userId, id, date);
  }

  @ApiOperation({
    summary: 'Set a day',
    description:
      'Creates or replaces the record of one day; sending the same record again changes nothing (idempotent). Yes/no habits take no value or 1; numeric habits need `value` when done.',
  })
  @Put(':date')
  @ApiParam({ name: 'date', format: 'date' })
  @ApiOkResponse({ type: CompletionResponse, description: 'replaced' })
  @ApiCreatedResponse({ type: CompletionResponse, description: 'created' })
  @ApiErrors(400, 401, 404, 422)
  async put(
    @CurrentUserId() userId: number,
    @Param('id', ParseIdPipe) id: number,
    @Param('date', ParseIsoDatePipe) date: IsoDate,
    @Body() body: CompletionBody,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CompletionResponse> {
    const { response, created } = await this.completions.put(userId, id, date, body);
    void reply.status(created ? 201 : 200);
    return response;
  }

  @ApiOperation({
    summary: 'Add to a numeric day',
    description:
      "Adds `by` (default 1) to the day's amount and marks it done; a skipped or missed day starts from 0. A day holds at most 1e9: an increment past that is a 422.",
  })
  @Post(':date/increment')
  @HttpCode(200)
  @ApiParam({ name: 'date', format: 'date' })
  @ApiOkResponse({ type: CompletionResponse, description: 'the day with its new total' })
  @ApiErrors(400, 401, 404, 422)
  increment(
    @CurrentUserId() userId: number,
    @Param('id', ParseIdPipe) id: number,
    @Param('date', ParseIsoDatePipe) date: IsoDate,
    @Body() body: IncrementBody,
  ): Promise<CompletionResponse> {
    return this.completions.increment(userId, id, date, body.by);
  }

  @ApiOperation({ summary: 'Clear a day', description: "Removes the day's record: the day counts as never recorded." })
  @Delete(':date')
  @HttpCode(204)
  @ApiParam({ name: 'date', format: 'date' })
  @ApiNoContentResponse({ description: 'removed' })
  @ApiErrors(400, 401, 404)
  remove(
    @CurrentUserId() userId: number,
    @Param('id', ParseIdPipe) id: number,
    @Param('date', ParseIsoDatePipe) date: IsoDate,
  ): Promise<void> {
    return this.completions.remove(userId, id, date);
  }
}

@ApiTags('completions')
@ApiBearerAuth()
@Controller('completions')
export class AllHabitsCompletionsController {
  constructor(private readonly completions: CompletionsService) {}

  @ApiOperation({
    summary: 'The last days of every habit',
    description:
      'For a main list in one request: each active habit with its days in `from`–`to` (default the last 7 days, at most 62) that hold a record or qualify. `qualifies` says whether the day counts for the streak, which includes days a weekly or N-per-M goal covers without a check (Loop shows them dimmed).',
  })
  @Get()
  @ApiOkResponse({ type: DaysResponse, description: 'habits in list order, days oldest first' })
  @ApiErrors(400, 401, 422)
  days(@CurrentUserId() userId: number, @Query() query: DateRangeQuery): Promise<DaysResponse> {
    return this.completions.days(userId, query);
  }

  @ApiOperation({
    summary: 'Set many days',
    description:
      'Upserts up to 1,000 days across your habits in one transaction: all of them or none. Every problem is named at its item (`items.3.value`).',
  })
  @Post('batch')
  @HttpCode(200)
  @ApiOkResponse({ type: BatchResponse, description: 'upserted, all or nothing' })
  @ApiErrors(400, 401, 404, 422)
  batch(@CurrentUserId() userId: number, @Body() body: BatchBody): Promise<BatchResponse> {
    return this.completions.batch(userId, body);
  }
}
