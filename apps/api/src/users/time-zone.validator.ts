import { registerDecorator } from 'class-validator';
import { isValidTimeZone } from '@streakforge/core';

/** An IANA time zone name the runtime knows (e.g. `Europe/Berlin`). */
export function IsTimeZone(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'timezone must be an IANA time zone name such as Europe/Berlin' },
      validator: { validate: (value: unknown) => typeof value === 'string' && value.length <= 64 && isValidTimeZone(value) },
    });
}
