import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Json = Record<string, unknown>;
interface DocumentOperation {
  responses: Record<string, { content?: Record<string, { schema?: Json }> }>;
}

/** OpenAPI 3.0's boolean `exclusiveMinimum`, as JSON Schema (which Ajv reads) spells it. */
function toJsonSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toJsonSchema);
  if (value === null || typeof value !== 'object') return value;
  const schema = Object.fromEntries(Object.entries(value).map(([key, child]) => [key, toJsonSchema(child)])) as Json;
  if (schema['exclusiveMinimum'] === true) {
    schema['exclusiveMinimum'] = schema['minimum'];
    delete schema['minimum'];
  }
  if (typeof schema['$ref'] === 'string') schema['$ref'] = `openapi${schema['$ref']}`;
  return schema;
}

/**
 * Checks every response the e2e suite gets against the OpenAPI document the server serves: the status must be one
 * the operation documents, and a JSON body must match its schema. A handler that drifts from its document fails the
 * test that saw it.
 */
export class ContractChecker {
  private readonly ajv = new Ajv({ strict: false, allErrors: false });
  private readonly routes: { method: string; pattern: RegExp; template: string; operation: DocumentOperation }[] = [];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(document: { paths: Record<string, Record<string, DocumentOperation>>; components: Json }) {
    addFormats.default(this.ajv);
    this.ajv.addSchema({ $id: 'openapi', components: toJsonSchema(document.components) as Json });
    for (const [template, item] of Object.entries(document.paths)) {
      const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      for (const [method, operation] of Object.entries(item))
        this.routes.push({ method: method.toUpperCase(), pattern, template, operation });
    }
  }

  /** What is wrong with this response by the document, or null. */
  check(method: string, url: string, status: number, contentType: string, body: unknown): string | null {
    const path = url.split('?')[0]!;
    const route = this.routes.find((entry) => entry.method === method && entry.pattern.test(path));
    // Paths the document does not describe (docs pages, unknown paths, other methods) still answer the error body.
    if (!route)
      return status >= 400 ? this.validate('#/components/schemas/ErrorBody', body, `${method} ${path}`) : null;
    const where = `${method} ${route.template} → ${status}`;
    const response = route.operation.responses[String(status)];
    if (!response) return `${where}: status not in the document (${Object.keys(route.operation.responses).join(', ')})`;
    const schema = response.content?.['application/json']?.schema;
    if (!schema || !contentType.startsWith('application/json')) return null;
    return this.validateSchema(schema, body, where);
  }

  private validate(ref: string, body: unknown, where: string): string | null {
    return this.validateSchema({ $ref: ref }, body, where);
  }

  private validateSchema(schema: Json, body: unknown, where: string): string | null {
    const key = JSON.stringify(schema);
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema) as Json);
      this.validators.set(key, validate);
    }
    if (validate(body)) return null;
    const [error] = validate.errors ?? [];
    return `${where}: body does not match the document at ${error?.instancePath || '/'}: ${error?.message} ${JSON.stringify(error?.params)} — ${JSON.stringify(body).slice(0, 300)}`;
  }
}
