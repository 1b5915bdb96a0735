import { Readable } from 'node:stream';
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  HttpException,
  PayloadTooLargeException,
  Post,
  Req,
  StreamableFile,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentUserId } from '../auth/auth.guard.js';
import { fieldErrors } from '../common/error-body.js';
import { requestRead } from '../common/idle-timeout.js';
import { ApiErrors } from '../common/openapi.js';
import { ExportDocument, ImportResponse } from './import.dto.js';
import { ImportService } from './import.service.js';

const notAnUpload = () =>
  new UnsupportedMediaTypeException(
    fieldErrors([{ field: 'file', message: 'send the file as multipart/form-data in the field "file"' }]),
  );

const badUpload = (message: string) => new BadRequestException(fieldErrors([{ field: 'file', message }]));

/**
 * The one file of a multipart upload, in memory (the plugin enforces the size limit while it reads). Only an
 * oversized file is a 413; a body the multipart parser cannot read (no boundary, cut short, other fields) is the
 * client's 400.
 */
async function uploadedFile(request: FastifyRequest): Promise<Buffer> {
  if (!request.isMultipart()) throw notAnUpload();
  try {
    const part = await request.file();
    if (!part || part.fieldname !== 'file') throw notAnUpload();
    const file = await part.toBuffer();
    requestRead(request);
    return file;
  } catch (error) {
    if (error instanceof HttpException) throw error;
    const code = (error as { code?: unknown }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE')
      throw new PayloadTooLargeException(fieldErrors([{ field: 'file', message: 'the file is over 50 MiB' }]));
    if (code === 'FST_FIELDS_LIMIT' || code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') {
      throw badUpload('send only the file, in the one field "file"');
    }
    throw badUpload('the upload is not a well-formed multipart/form-data body (boundary missing or body cut short)');
  }
}

@ApiTags('import / export')
@ApiBearerAuth()
@Controller()
export class ImportController {
  constructor(private readonly imports: ImportService) {}

  @ApiOperation({
    summary: 'Export everything',
    description:
      'Your settings and every habit with its whole history, as one JSON document that `POST /import` takes back into this or another account.',
  })
  @Get('export')
  @ApiOkResponse({
    type: ExportDocument,
    description: `everything you stored, streamed; \`POST /import\` takes it back`,
  })
  @ApiErrors(401)
  export(@CurrentUserId() userId: number): StreamableFile {
    return new StreamableFile(Readable.from(this.imports.exportDocument(userId)), {
      type: 'application/json; charset=utf-8',
      disposition: 'attachment; filename="streakforge-export.json"',
    });
  }

  @ApiOperation({
    summary: 'Export for Loop Habit Tracker',
    description:
      "A zip in the format of Loop's own CSV export (Habits.csv, per-habit Checkmarks.csv and Scores.csv), which Loop and spreadsheets read.",
  })
  @Get('export/loop')
  @ApiOkResponse({
    content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
    description:
      "Loop Habit Tracker's CSV export (v2.3.1+ format) as of your logical today: Habits.csv, and per habit `NNN <name>/Checkmarks.csv` " +
      'and `Scores.csv`, with the two files Loop writes at the root. `POST /import/loop` takes it back.',
  })
  @ApiErrors(401)
  async exportLoop(@CurrentUserId() userId: number): Promise<StreamableFile> {
    const { filename, bytes } = await this.imports.exportLoop(userId);
    return new StreamableFile(Readable.from(bytes), {
      type: 'application/zip',
      disposition: `attachment; filename="${filename}"`,
    });
  }

  @ApiOperation({
    summary: 'Import a StreakForge export',
    description:
      'Habits are matched by id, then external id, then name; days in the document replace stored ones and other stored days are kept. Settings in the document (time zone, day start, week start) are applied, and the response says which changed. All or nothing.',
  })
  @Post('import')
  @HttpCode(200)
  @ApiOkResponse({
    type: ImportResponse,
    description: 'all of it or nothing; importing the same document again changes nothing',
  })
  @ApiErrors(400, 401, 413, 422)
  importDocument(
    @CurrentUserId() userId: number,
    @Body() document: ExportDocument,
    @Req() request: FastifyRequest,
  ): Promise<ImportResponse> {
    // `document` is the pipe's copy of the body: the parsed body, still the request's, would hold every day a second
    // time through the import (at its peak about 25 MB more for 127,750 days).
    request.body = undefined;
    return this.imports.importDocument(userId, document);
  }

  @ApiOperation({
    summary: 'Import a Loop Habit Tracker file',
    description:
      "Loop's CSV export zip or its `.db` backup (multipart field `file`). Every row is stored or counted in `skippedByReason`; re-importing the same file changes nothing. All or nothing.",
  })
  @Post('import/loop')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: {
          type: 'string',
          format: 'binary',
          description: "Loop Habit Tracker's CSV export (.zip) or its backup (.db), up to 50 MiB",
        },
      },
    },
  })
  @ApiOkResponse({
    type: ImportResponse,
    description: 'all of it or nothing; importing the same file again changes nothing',
  })
  @ApiErrors(400, 401, 413, 415, 422)
  async importLoop(@CurrentUserId() userId: number, @Req() request: FastifyRequest): Promise<ImportResponse> {
    return this.imports.importLoop(userId, await uploadedFile(request));
  }
}
