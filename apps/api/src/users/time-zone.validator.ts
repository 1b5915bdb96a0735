import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { registerDecorator } from 'class-validator';
import { canonicalTimeZone, isValidTimeZone } from '@streakforge/core';

function IsTimeZone(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'timezone must be an IANA time zone name such as Europe/Berlin' },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.length <= 64 && isValidTimeZone(value),
      },
    });
}

/**
 * An IANA time zone name the runtime knows (e.g. `Europe/Berlin`), trimmed and taken in any case. Zone names are
 * case-insensitive; a known one arrives in its canonical spelling, so one zone is stored one way and compares equal.
 */
export const TimeZoneField = () =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? (canonicalTimeZone(value.trim()) ?? value.trim()) : value,
    ),
    IsTimeZone(),
  );
