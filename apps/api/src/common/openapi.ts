import { STATUS_CODES } from 'node:http';
import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorBody } from './error-body.js';

const DESCRIPTIONS: Record<number, string> = {
  400: 'malformed or invalid input; `details` names each field',
  401: 'missing, invalid or expired credentials',
  404: 'not found, or not yours',
  409: 'conflicts with an existing resource',
  422: 'well-formed but not allowed (e.g. a date after your logical today)',
  429: 'rate limited',
};

/** Documents the error responses a route can give, all with the one {@link ErrorBody}. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, type: ErrorBody, description: DESCRIPTIONS[status] ?? STATUS_CODES[status] })),
  );
}
