import {
  BadRequestException,
  Injectable,
  UnprocessableEntityException,
  applyDecorators,
  type PipeTransform,
} from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min, ValidateIf, registerDecorator, type ValidationOptions } from 'class-validator';
import { addDays, dayNumber, type IsoDate } from '@streakforge/core';
import { EARLIEST_DATE, isAcceptedDate } from './dates.js';
import { fieldErrors } from './error-body.js';

export const MAX_RANGE_DAYS = 3660;
export const MAX_LIMIT = 1000;

/** Trims string input (docs/api-guide.md, "Limits"); other types pass through for the validators to reject. */
export function Trim(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
}

export { EARLIEST_DATE, isAcceptedDate } from './dates.js';

const DATE_MESSAGE = `must be a date written YYYY-MM-DD, on or after ${EARLIEST_DATE}`;

/** A real calendar date written `YYYY-MM-DD`, not before {@link EARLIEST_DATE}. */
export function IsIsoDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isIsoDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} ${DATE_MESSAGE}`, ...options },
      validator: { validate: isAcceptedDate },
    });
}

/** An instant (ISO-8601 date-time) on or after the start of `earliest`, UTC: the date floor, for instants. */
export function IsInstantFrom(earliest: IsoDate): PropertyDecorator {
  const floor = Date.parse(`${earliest}T00:00:00Z`);
  return (target, propertyName) =>
    registerDecorator({
      name: 'isInstantFrom',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be on or after ${earliest}` },
      validator: { validate: (value: unknown) => typeof value === 'string' && Date.parse(value) >= floor },
    });
}

/** Query-string integers arrive as text: convert only canonical decimal integers, leave the rest to fail validation. */
export function ToInteger(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : value,
  );
}

function badParam(field: string, message: string): BadRequestException {
  return new BadRequestException(fieldErrors([{ field, message }]));
}

/** A resource id in the path: a positive integer (anything else is a 400 naming the parameter). */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^\d{1,15}$/.test(value) || Number(value) < 1) throw badParam('id', 'id must be a positive integer');
    return Number(value);
  }
}

@Injectable()
export class ParseIsoDatePipe implements PipeTransform<string, IsoDate> {
  transform(value: string): IsoDate {
    if (!isAcceptedDate(value)) throw badParam('date', `date ${DATE_MESSAGE}`);
    return value;
  }
}

/**
 * Resolves an optional [from, to] range against defaults, rejecting reversed or over-long ranges with the
 * field at fault.
 */
export function resolveRange(
  query: { from?: IsoDate | undefined; to?: IsoDate | undefined },
  defaults: { from: (to: IsoDate) => IsoDate; to: IsoDate },
  maxDays = MAX_RANGE_DAYS,
): { from: IsoDate; to: IsoDate } {
  const to = query.to ?? defaults.to;
  const from = query.from ?? defaults.from(to);
  if (from > to) throw badParam('from', 'from must not be after to');
  if (dayNumber(to) - dayNumber(from) + 1 > maxDays) {
    throw badParam(query.from ? 'from' : 'to', `a range covers at most ${maxDays} days`);
  }
  return { from, to };
}

/** The `days`-day window ending on `to`. */
export const lastDays = (days: number) => (to: IsoDate) => addDays(to, 1 - days);

/** May be left out, but not sent as null: absent fields keep their value, null would erase a required one. */
export const Optional = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** May be left out or sent as null (which clears it). */
export const Nullable = () => ValidateIf((_object: object, value: unknown) => value !== undefined && value !== null);

/** The fields a client actually sent (DTO instances also carry the declared-but-absent ones as undefined). */
export function sentFields<T extends object>(dto: T): Partial<T> {
  return Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** An optional `limit` query parameter: 1 to {@link MAX_LIMIT}. */
export const Limit = () => applyDecorators(Optional(), ToInteger(), IsInt(), Min(1), Max(MAX_LIMIT));

export class DateRangeQuery {
  @ApiPropertyOptional({ type: String, format: 'date' })
  @Optional()
  @IsIsoDate()
  from?: IsoDate;

  @ApiPropertyOptional({ type: String, format: 'date' })
  @Optional()
  @IsIsoDate()
  to?: IsoDate;
}

/** Progress and analytics are never reported for days after the user's logical today. */
export function notAfterToday<T extends DateRangeQuery>(query: T, today: IsoDate): T {
  if (query.to && query.to > today) {
    throw new UnprocessableEntityException(
      fieldErrors([{ field: 'to', message: `to is after your logical today (${today})` }]),
    );
  }
  return query;
}
