import { STATUS_CODES } from 'node:http';
import type { OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { EARLIEST_DATE } from './dates.js';
import { ERROR_DESCRIPTIONS } from './openapi.js';

type Schema = Record<string, unknown> & {
  properties?: Record<string, Schema>;
  items?: Schema;
  required?: string[];
  description?: string;
  $ref?: string;
};
type Operation = {
  parameters?: { name: string; in: string; schema?: Schema; description?: string }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, unknown>;
  security?: unknown[];
};

const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
const DATE_RULE = `a calendar date written YYYY-MM-DD, from ${EARLIEST_DATE}`;

/** Every path and query parameter the API takes, described once; the document test fails on one missing here. */
export const PARAMETERS: Record<string, { description: string; schema?: Schema }> = {
  id: { description: 'the resource id', schema: { type: 'integer', minimum: 1 } },
  date: { description: `the day, ${DATE_RULE}`, schema: { type: 'string', format: 'date', pattern: DATE_PATTERN } },
  from: { description: `first day of the range (${DATE_RULE}); ranges span at most 3,660 days` },
  to: { description: `last day of the range (${DATE_RULE}), default your logical today` },
  limit: { description: 'the most items to return', schema: { type: 'integer' } },
  cursor: { description: 'the `nextCursor` of the previous page; leave out for the first page' },
  archived: { description: '`false` (default) lists active habits, `true` archived ones, `all` both' },
  category: { description: 'only habits of this category (exact, case-sensitive)' },
};

/** class-validator's rules, as JSON Schema keywords: the document states what the validation pipe enforces. */
function constraintsOf(name: string, constraints: unknown[]): Schema {
  const [first, second] = constraints;
  switch (name) {
    case 'isInt':
      return { type: 'integer' };
    case 'min':
      // Number.MIN_VALUE is how a DTO says "greater than 0".
      return first === Number.MIN_VALUE ? { minimum: 0, exclusiveMinimum: true } : { minimum: first };
    case 'max':
      return { maximum: first };
    case 'isLength':
      return { minLength: first, ...(second === undefined ? {} : { maxLength: second }) };
    case 'maxLength':
      return { maxLength: first };
    case 'minLength':
      return { minLength: first };
    case 'matches':
      return { pattern: (first as RegExp).source };
    case 'isEmail':
      return { format: 'email' };
    case 'isIn':
      return { enum: first };
    case 'arrayMinSize':
      return { minItems: first };
    case 'arrayMaxSize':
      return { maxItems: first };
    case 'isIsoDate':
      return { format: 'date', pattern: DATE_PATTERN };
    default:
      return {};
  }
}

/** Each validated class's rules per property, inherited ones included, by class name (the name of its schema). */
type Constructor = abstract new (...args: never[]) => unknown;

function validationRules(): Map<string, Map<string, Schema>> {
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas: Map<Constructor, { name?: string; propertyName: string; constraints?: unknown[] }[]>;
  };
  const own = (target: Constructor): Map<string, Schema> => {
    const properties = new Map<string, Schema>();
    for (const { name, propertyName, constraints } of storage.validationMetadatas.get(target) ?? []) {
      if (name)
        properties.set(propertyName, { ...properties.get(propertyName), ...constraintsOf(name, constraints ?? []) });
    }
    return properties;
  };
  const byClass = new Map<string, Map<string, Schema>>();
  const withParents = (target: Constructor): Map<string, Schema> => {
    const parent = Object.getPrototypeOf(target) as Constructor;
    const inherited = parent && parent !== Function.prototype ? withParents(parent) : new Map<string, Schema>();
    for (const [property, rule] of own(target)) inherited.set(property, { ...inherited.get(property), ...rule });
    return inherited;
  };
  const classes = new Set<Constructor>(storage.validationMetadatas.keys());
  for (const target of [...classes]) {
    for (let child = target; child && child !== Function.prototype; child = Object.getPrototypeOf(child) as Constructor)
      classes.add(child);
  }
  for (const target of classes) byClass.set(target.name, withParents(target));
  return byClass;
}

const refName = (schema: Schema | undefined): string | undefined => schema?.$ref?.split('/').pop();

/** The schemas a request body can hold (of `methods` only, when given), following references. */
function requestSchemaNames(document: OpenAPIObject, methods?: string[]): Set<string> {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const names = new Set<string>();
  const visit = (schema: Schema | undefined): void => {
    if (!schema) return;
    const name = refName(schema);
    if (name) {
      if (names.has(name)) return;
      names.add(name);
      visit(schemas[name]);
      return;
    }
    for (const property of Object.values(schema.properties ?? {})) visit(property);
    visit(schema.items);
  };
  for (const item of Object.values(document.paths))
    for (const [method, operation] of Object.entries(item) as [string, Operation][])
      if (!methods || methods.includes(method))
        for (const media of Object.values(operation.requestBody?.content ?? {})) visit(media.schema);
  return names;
}

function addError(operation: Operation, status: number): void {
  operation.responses[status] ??= {
    description: ERROR_DESCRIPTIONS[status] ?? STATUS_CODES[status],
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
  };
}

/**
 * Makes the generated document say what the server does, in one pass over every schema and operation:
 * - each property carries the validation rules of its DTO (integer, bounds, lengths, patterns, formats, enums);
 * - request schemas hold no `default` (generators make such fields required), the default is said in words (not
 *   for PATCH bodies, where an absent field keeps its value), and
 *   every schema refuses unknown fields, as the validation pipe does;
 * - every parameter is described and typed;
 * - every operation lists the errors any request to it can meet (401 with a bearer, 403 for a read-only token's
 *   write, 400/413/415 with a body, 503 on writes, 500), beside the ones its route declares.
 */
export function completeDocument(document: OpenAPIObject): OpenAPIObject {
  const rules = validationRules();
  const requestSchemas = requestSchemaNames(document);
  const patchSchemas = requestSchemaNames(document, ['patch']);
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  for (const [name, schema] of Object.entries(schemas)) {
    if (!schema.properties) continue;
    schema.additionalProperties = false;
    for (const [property, propertySchema] of Object.entries(schema.properties)) {
      const rule = rules.get(name)?.get(property);
      if (rule) {
        const { minItems, maxItems, ...scalar } = rule;
        const target = propertySchema.type === 'array' && propertySchema.items ? propertySchema.items : propertySchema;
        if (!refName(target)) Object.assign(target, scalar);
        if (propertySchema.type === 'array') Object.assign(propertySchema, { minItems, maxItems });
        for (const key of ['minItems', 'maxItems'] as const)
          if (propertySchema[key] === undefined) delete propertySchema[key];
      }
      // Ids are positive integers wherever they appear, responses included.
      if ((property === 'id' || property.endsWith('Id')) && propertySchema.type === 'number')
        Object.assign(propertySchema, { type: 'integer', minimum: 1 });
      // OpenAPI 3.0: a nullable enum lists null among its values, or validators refuse the null it allows.
      if (propertySchema.nullable === true && Array.isArray(propertySchema.enum) && !propertySchema.enum.includes(null))
        propertySchema.enum = [...(propertySchema.enum as unknown[]), null];
      if (propertySchema.format === 'date' && !propertySchema.description?.includes(EARLIEST_DATE))
        propertySchema.description = [propertySchema.description, `from ${EARLIEST_DATE}`].filter(Boolean).join('; ');
      if (requestSchemas.has(name) && 'default' in propertySchema) {
        const fallback = JSON.stringify(propertySchema.default);
        delete propertySchema.default;
        // A PATCH leaves out what it does not change: there, an absent field keeps its value.
        if (!patchSchemas.has(name))
          propertySchema.description = [propertySchema.description, `default ${fallback}`].filter(Boolean).join('; ');
      }
    }
  }
  for (const item of Object.values(document.paths)) {
    for (const [method, operation] of Object.entries(item) as [string, Operation][]) {
      for (const parameter of operation.parameters ?? []) {
        const known = PARAMETERS[parameter.name];
        if (!known) continue;
        parameter.description ??= known.description;
        parameter.schema = { ...parameter.schema, ...known.schema };
      }
      const secured = Boolean(operation.security?.length);
      if (secured) addError(operation, 401);
      // A read-only personal token may not write.
      if (secured && method !== 'get') addError(operation, 403);
      if (operation.requestBody) for (const status of [400, 413, 415]) addError(operation, status);
      if (method !== 'get') addError(operation, 503);
      addError(operation, 500);
    }
  }
  return document;
}
