import {
  BadRequestException,
  ValidationPipe,
  type ArgumentMetadata,
  type Type,
  type ValidationError,
  type ValidationPipeOptions,
} from '@nestjs/common';
import { fieldErrors, type FieldError } from './error-body.js';

const count = (n: string, noun: string) => (n === '1' ? `one ${noun}` : `${n} ${noun}s`);

/**
 * class-validator's stock wording, in plain words ("must contain at least 1 elements" is no sentence to show a
 * person). Messages the DTOs give themselves match none of these and pass through unchanged.
 */
const PLAIN_WORDS: [RegExp, (...parts: string[]) => string][] = [
  [/^(.+) must contain at least (\d+) elements$/, (f, n) => `${f} must hold at least ${count(n!, 'item')}`],
  [/^(.+) must contain no more than (\d+) elements$/, (f, n) => `${f} holds at most ${count(n!, 'item')}`],
  [
    /^(.+) must be longer than or equal to (\d+) and shorter than or equal to (\d+) characters$/,
    (f, min, max) => `${f} must be ${min} to ${max} characters`,
  ],
  [/^(.+) must be longer than or equal to 1 characters$/, (f) => `${f} must not be empty`],
  [/^(.+) must be longer than or equal to (\d+) characters$/, (f, n) => `${f} must be at least ${n} characters`],
  [/^(.+) must be shorter than or equal to (\d+) characters$/, (f, n) => `${f} must be at most ${n} characters`],
  [/^(.+) must not be less than (.+)$/, (f, n) => `${f} must be at least ${n}`],
  [/^(.+) must not be greater than (.+)$/, (f, n) => `${f} must be at most ${n}`],
  [/^(.+) must be a number conforming to the specified constraints$/, (f) => `${f} must be a number`],
  [/^(.+) must be an integer number$/, (f) => `${f} must be a whole number`],
  [/^(.+) must be a boolean value$/, (f) => `${f} must be true or false`],
  [/^(.+) must be one of the following values: (.+)$/, (f, values) => `${f} must be one of: ${values}`],
  [/^(.+) must be an email$/, (f) => `${f} must be an email address`],
  [/^(.+) should not be empty$/, (f) => `${f} must not be empty`],
  [/^(.+) should not be null or undefined$/, (f) => `${f} is required`],
  [/^(?:nested property )?(.+) must be either object or array$/, (f) => `${f} must be an object`],
  [/^property (.+) should not exist$/, (f) => `${f} is not a field of this request`],
  [/^an unknown value was passed to the validate function$/, () => 'the body must be a JSON object'],
];

const EACH = 'each value in ';

export function plainWords(message: string): string {
  // Rules on an array's elements: "each value in nested property items must be…" is about every item of `items`.
  if (message.startsWith(EACH)) {
    const rest = message.slice(EACH.length).replace(/^nested property /, '');
    const [field] = rest.split(' ');
    return plainWords(rest).replace(new RegExp(`^${field}`), `each item of ${field}`);
  }
  for (const [stock, plain] of PLAIN_WORDS) {
    const match = stock.exec(message);
    if (match) return plain(...match.slice(1));
  }
  return message;
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message: plainWords(message) }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** In a `u` regex a surrogate pair reads as one astral code point, so only an unpaired half is category Cs. */
const UNPAIRED_SURROGATE = /\p{Cs}/u;

/** Keys that reach object prototypes in careless code; no DTO has them, and class-transformer skips them silently. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Deeper than any request this API defines; bounds the walk below and refuses pathological bodies early. */
const MAX_DEPTH = 8;

/**
 * More fields than any object this API defines has. Checked before class-validator, whose unknown-field check grows
 * faster than the number of keys (120,000 keys took it 27 s); arrays (days, habits) are bounded by the body size.
 */
export const MAX_FIELDS_PER_OBJECT = 64;

/**
 * Text a client could not get back as sent, per field: NUL characters (which C clients and many tools cut strings
 * at) and unpaired UTF-16 surrogates (which UTF-8 storage silently replaces); prototype keys; nesting deeper
 * than any DTO; objects with more fields than any DTO. The walk is iterative, so no body can exhaust the stack.
 */
function unsafeInput(value: unknown, root: string): FieldError[] {
  const problems: FieldError[] = [];
  const pending: { value: unknown; field: string; depth: number }[] = [{ value, field: root, depth: 0 }];
  while (pending.length > 0) {
    const { value: current, field, depth } = pending.pop()!;
    const name = field || 'body';
    if (typeof current === 'string') {
      if (current.includes('\0') || UNPAIRED_SURROGATE.test(current))
        problems.push({ field: name, message: `${name} must not contain NUL characters or unpaired surrogates` });
    } else if (current !== null && typeof current === 'object') {
      if (depth >= MAX_DEPTH) {
        problems.push({ field: name, message: `${name} is nested too deeply` });
        continue;
      }
      const keys = Object.keys(current);
      if (!Array.isArray(current) && keys.length > MAX_FIELDS_PER_OBJECT) {
        problems.push({
          field: name,
          message: `${name} has ${keys.length} fields; no object here has more than ${MAX_FIELDS_PER_OBJECT}`,
        });
        continue;
      }
      for (const key of keys) {
        const child = (current as Record<string, unknown>)[key];
        const path = field ? `${field}.${key}` : key;
        if (FORBIDDEN_KEYS.has(key)) problems.push({ field: path, message: `${path} is not allowed` });
        else pending.push({ value: child, field: path, depth: depth + 1 });
      }
    }
  }
  return problems;
}

/** The one global pipe: unsafe text refused, unknown fields rejected, strings trimmed by the DTOs, problems per field. */
class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (
      metadata.type === 'body' &&
      value !== undefined &&
      (value === null || typeof value !== 'object' || Array.isArray(value))
    ) {
      throw new BadRequestException(fieldErrors([{ field: 'body', message: 'the body must be a JSON object' }]));
    }
    const problems = unsafeInput(value, metadata.type === 'body' ? '' : (metadata.data ?? ''));
    if (problems.length > 0) throw new BadRequestException(fieldErrors(problems.reverse()));
    return super.transform(value, metadata);
  }

  /**
   * Nest would turn a path or query value typed `number` into one with `Number()`, so `0x10`, `1e3` or `1.0` became
   * ids before the route's own pipe saw them. Each such parameter has a pipe (`ParseIdPipe`, `ToInteger`) that
   * accepts digits only; it gets the text as sent.
   */
  protected override transformPrimitive(value: unknown): unknown {
    return value;
  }
}

const OPTIONS: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  transform: true,
  stopAtFirstError: true,
  validationError: { target: false, value: false },
};

export function createValidationPipe(): ValidationPipe {
  return new ApiValidationPipe({
    ...OPTIONS,
    exceptionFactory: (errors) => new BadRequestException(fieldErrors(flatten(errors))),
  });
}

class ItemProblems extends Error {
  constructor(readonly problems: FieldError[]) {
    super('invalid item');
  }
}

/** The global pipe's rules without its body-wide checks, which have already run over the body the item is in. */
const itemPipe = new ValidationPipe({ ...OPTIONS, exceptionFactory: (errors) => new ItemProblems(flatten(errors)) });

export type ValidatedItem<T> = { ok: true; value: T } | { ok: false; problems: FieldError[] };

/**
 * One item of a body's array, validated and transformed as the global pipe does a body, its problems named under
 * `field`. For arrays too large to validate in one call: class-validator keeps an error object for every property
 * it checks until the call ends, so a 146,000-day import validated whole held 160 MB more; an item at a time holds
 * one item's.
 */
export async function validatedItem<T>(metatype: Type<T>, value: object, field: string): Promise<ValidatedItem<T>> {
  try {
    return { ok: true, value: (await itemPipe.transform(value, { type: 'body', metatype })) as T };
  } catch (error) {
    if (!(error instanceof ItemProblems)) throw error;
    return {
      ok: false,
      problems: error.problems.map((problem) => ({ ...problem, field: `${field}.${problem.field}` })),
    };
  }
}
