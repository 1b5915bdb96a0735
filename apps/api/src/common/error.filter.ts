import { STATUS_CODES } from 'node:http';
import {
  Catch,
  HttpException,
  Logger,
  NotFoundException,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import {
  CheckConstraintViolationException,
  ForeignKeyConstraintViolationException,
  NotFoundError,
  NotNullConstraintViolationException,
  UniqueConstraintViolationException,
  isDatabaseBusy,
} from '@streakforge/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody, FieldError } from './error-body.js';
import { RouteMethods } from './route-methods.js';

function body(statusCode: number, message: string, details?: FieldError[]): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, ...(details?.length ? { details } : {}) };
}

function fromHttpException(exception: HttpException): ErrorBody {
  const status = exception.getStatus();
  const response = exception.getResponse();
  if (typeof response === 'string') return body(status, response);
  const { message, details } = response as { message?: unknown; details?: FieldError[] };
  const text = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : exception.message;
  return body(status, text, details);
}

/** Another process held the write lock for the whole lock timeout; most such locks are gone within seconds. */
const BUSY_RETRY_AFTER_SECONDS = 2;

/** Errors Fastify raises before a handler runs (bad JSON, media type, body size) carry their 4xx status. */
function clientErrorStatus(exception: unknown): number | null {
  const status = (exception as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : null;
}

/**
 * Formats every error the same way (docs/api-guide.md, "Errors"), maps database constraint errors to the client's mistake they
 * stand for, and answers anything unexpected with a generic 500 that names the logged request id.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorFilter.name);

  constructor(private readonly routes: RouteMethods) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const allowed = exception instanceof NotFoundException ? this.otherMethods(request) : [];
    if (allowed.length > 0) {
      const path = request.url.split('?')[0];
      void reply
        .header('allow', allowed.join(', '))
        .status(405)
        .send(body(405, `${path} does not take ${request.method}; it takes ${allowed.join(', ')}`));
      return;
    }
    const response = this.toBody(exception, request);
    if (isDatabaseBusy(exception)) void reply.header('retry-after', String(BUSY_RETRY_AFTER_SECONDS));
    void reply.status(response.statusCode).send(response);
  }

  /** The methods the request's path takes when the request's own method is not one of them. */
  private otherMethods(request: FastifyRequest): string[] {
    const allowed = this.routes.allowedFor(request.url.split('?')[0]!);
    return allowed.includes(request.method) ? [] : allowed;
  }

  private toBody(exception: unknown, request: FastifyRequest): ErrorBody {
    if (exception instanceof HttpException) return fromHttpException(exception);
    if (isDatabaseBusy(exception)) return body(503, 'the database is locked by other work; try again shortly');
    if (exception instanceof UniqueConstraintViolationException) return body(409, 'already exists');
    if (exception instanceof NotFoundError || exception instanceof ForeignKeyConstraintViolationException) {
      return body(404, 'not found');
    }
    if (
      exception instanceof CheckConstraintViolationException ||
      exception instanceof NotNullConstraintViolationException
    ) {
      return body(400, 'a value is out of range');
    }
    const clientStatus = clientErrorStatus(exception);
    if (clientStatus !== null) return body(clientStatus, (exception as Error).message);
    const requestId = request.id;
    this.logger.error({ err: exception, requestId }, 'unhandled error');
    return body(500, `unexpected error; request id ${requestId}`);
  }
}
