import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import openapiTS, { astToString } from 'openapi-typescript';
import { PARAMETERS } from '../src/common/openapi-document.js';
import { SCHEMA_FILE as WEB_SCHEMA, schemaSource as webSchemaSource } from '../../web/scripts/schema-source.mjs';
import { startApi, type TestApi } from './support.js';

const run = promisify(execFile);
const CLIENT_DIR = resolve(import.meta.dirname, 'client');
const TSC = resolve(import.meta.dirname, '../../../node_modules/typescript/bin/tsc');

type Json = Record<string, any>;

describe('the OpenAPI document as a client developer uses it', () => {
  let api: TestApi;
  let document: Json;

  beforeAll(async () => {
    api = await startApi();
    document = (await api.request('GET', '/docs-json')).body;
  });
  afterAll(() => api.close());

  const operations = () =>
    Object.entries(document.paths as Json).flatMap(([path, item]) =>
      Object.entries(item as Json).map(([method, operation]) => ({
        label: `${method.toUpperCase()} ${path}`,
        method,
        operation,
      })),
    );

  it('describes every operation, parameter and success response', () => {
    const problems: string[] = [];
    for (const { label, operation } of operations()) {
      if (!operation.summary || !operation.description) problems.push(`${label}: no summary or description`);
      if (!operation.tags?.length) problems.push(`${label}: no tag`);
      for (const parameter of operation.parameters ?? []) {
        if (!parameter.description) problems.push(`${label}: parameter ${parameter.name} undescribed`);
        if (!PARAMETERS[parameter.name]) problems.push(`${label}: parameter ${parameter.name} not in PARAMETERS`);
      }
      for (const [status, response] of Object.entries(operation.responses as Json))
        if (!(response as Json).description) problems.push(`${label}: ${status} undescribed`);
      for (const status of ['500', ...(operation.security?.length ? ['401'] : [])])
        if (!operation.responses[status]) problems.push(`${label}: ${status} not documented`);
      if (operation.requestBody?.content?.['application/json'])
        for (const status of ['400', '413', '415'])
          if (!operation.responses[status]) problems.push(`${label}: ${status} not documented`);
    }
    expect(problems).toEqual([]);
    expect(operations().length).toBeGreaterThanOrEqual(32);
  });

  it('states the limits the server enforces, and no defaults that generators would turn into required fields', () => {
    const schemas = document.components.schemas as Json;
    const requestSchemas = new Set<string>();
    const visit = (schema: Json | undefined): void => {
      const name = schema?.$ref?.split('/').pop();
      if (name && !requestSchemas.has(name)) {
        requestSchemas.add(name);
        visit(schemas[name]);
      }
      for (const property of Object.values((schema?.properties ?? {}) as Json)) visit(property);
      if (schema?.items) visit(schema.items);
    };
    for (const { operation } of operations())
      for (const media of Object.values((operation.requestBody?.content ?? {}) as Json)) visit(media.schema);
    expect(requestSchemas.size).toBeGreaterThan(10);
    const problems: string[] = [];
    for (const [name, schema] of Object.entries(schemas)) {
      if (schema.properties && schema.additionalProperties !== false) problems.push(`${name}: takes unknown fields`);
      for (const [property, value] of Object.entries((schema.properties ?? {}) as Json))
        if ('default' in value && requestSchemas.has(name)) problems.push(`${name}.${property}: has a default`);
    }
    expect(problems).toEqual([]);
    expect(schemas.BatchItem.properties).toMatchObject({
      habitId: { type: 'integer', minimum: 1 },
      date: { format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: expect.stringContaining('1900-01-01') },
      value: { minimum: 0, maximum: 1e9 },
      notes: { maxLength: 2000 },
    });
    expect(schemas.BatchBody.properties.items).toMatchObject({ minItems: 1, maxItems: 1000 });
    expect(schemas.RegisterDto.properties).toMatchObject({
      email: { format: 'email' },
      password: { minLength: 10 },
      dayStartMinutes: { type: 'integer', minimum: 0, maximum: 1439 },
    });
    expect(schemas.CreateHabitDto.properties).toMatchObject({
      name: { minLength: 1, maxLength: 100 },
      category: { minLength: 1, maxLength: 50 },
      color: { pattern: '^#[0-9A-Fa-f]{6}$' },
      timesPerPeriod: { type: 'integer' },
    });
    expect(schemas.UpdateHabitDto.properties.type.description ?? '').not.toContain('default');
    expect(schemas.HabitResponse.properties.id).toMatchObject({ type: 'integer', minimum: 1 });
    expect(schemas.CompletionResponse.properties.habitId).toMatchObject({ type: 'integer', minimum: 1 });
    const id = document.paths['/api/v1/habits/{id}'].get.parameters[0];
    expect(id).toMatchObject({ in: 'path', schema: { type: 'integer', minimum: 1 } });
  });

  it('generates a client that type-checks and takes every route against a real server', async () => {
    const generated = join(CLIENT_DIR, 'generated');
    mkdirSync(generated, { recursive: true });
    writeFileSync(join(generated, 'schema.ts'), astToString(await openapiTS(document as never)));
    // The web app's committed types are what the same generator makes of this document.
    expect(readFileSync(WEB_SCHEMA, 'utf8')).toBe(await webSchemaSource(document));
    const checked = await run(process.execPath, [TSC, '-p', join(CLIENT_DIR, 'tsconfig.json')]).then(
      () => '',
      (error: { stdout: string }) => error.stdout,
    );
    expect(checked).toBe('');

    await api.app.listen(0, '127.0.0.1');
    const { port } = api.app.getHttpServer().address() as AddressInfo;
    const tour = await run(process.execPath, [join(CLIENT_DIR, 'tour.ts'), `http://127.0.0.1:${port}`], {
      cwd: dirname(CLIENT_DIR),
    }).then(
      ({ stdout }) => stdout,
      (error: { stdout: string; stderr: string }) => `${error.stdout}${error.stderr}`,
    );
    expect(tour.trim()).toBe(`tour complete: ${operations().length} routes`);
  });
});
