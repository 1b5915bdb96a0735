import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { IsoDate } from '@streakforge/core';
import type { FastifyReply } from 'fastify';
import { CurrentUserId } from '../auth/auth.guard.js';
import { ParseIdPipe, ParseIsoDatePipe } from '../common/dto.js';
import { ApiErrors } from '../common/openapi.js';
import {
  BatchBody,
  BatchResponse,
  CompletionBody,
  CompletionListResponse,
  CompletionRangeQuery,
  CompletionResponse,
  IncrementBody,
} from './completions.dto.js';
import { CompletionsService } from './completions.service.js';

@ApiTags('completions')
@ApiBearerAuth()
@Controller('habits/:id/completions')
export class CompletionsController {
  constructor(private readonly completions: CompletionsService) {}

  @Post()
  @ApiCreatedResponse({ type: CompletionResponse })
  @ApiErrors(400, 401, 404, 409, 422)
  create(
    @CurrentUserId() userId: number,
    @Param('id', ParseIdPipe) id: number,
    @Body() body: CompletionBody,
  ): Promise<CompletionResponse> {
    return this.completions.create(userId, id, body);
  }

  @Get()
  @ApiOkResponse({ type: CompletionListResponse })
  @ApiErrors(400, 401, 404)
  list(
    @CurrentUserId() userId: number,
    @Param('id', ParseIdPipe) id: number,
    @Query() query: CompletionRangeQuery,
  ): Promise<CompletionListResponse> {
    return this.completions.list(userId, id, query);
  }

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
export class BatchController {
  constructor(private readonly completions: CompletionsService) {}

  @Post('batch')
  @HttpCode(200)
  @ApiOkResponse({ type: BatchResponse, description: 'upserted, all or nothing' })
  @ApiErrors(400, 401, 404, 422)
  batch(@CurrentUserId() userId: number, @Body() body: BatchBody): Promise<BatchResponse> {
    return this.completions.batch(userId, body);
  }
}
