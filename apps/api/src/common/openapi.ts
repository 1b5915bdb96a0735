import { STATUS_CODES } from 'node:http';
import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorBody } from './error-body.js';

export const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'malformed or invalid input; `details` names each field',
  401: 'missing, invalid or expired credentials',
  403: 'not allowed with this credential: a read-only personal token writing, or any personal token managing the account',
  404: 'not found, or not yours',
  409: 'conflicts with an existing resource',
  413: 'the body is over the size limit (1 MiB; imports 50 MiB), or a file holds more than an import takes',
  415: 'the body is not JSON (imports: not multipart)',
  422: 'well-formed but not allowed (e.g. a date after your logical today)',
  429: 'too many attempts from your address; `Retry-After` says when to try again',
  500: 'an unexpected failure; `message` names the request id the server logged it under',
  503: 'the database is locked by other work; `Retry-After` says when to try again',
};

/** Documents the error responses a route can give, all with the one {@link ErrorBody}. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, type: ErrorBody, description: ERROR_DESCRIPTIONS[status] ?? STATUS_CODES[status] }),
    ),
  );
}
