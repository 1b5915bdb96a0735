/**
 * Writes src/api/schema.ts, the API's types, from the OpenAPI document of the API as built (apps/api/dist): it starts
 * the app on a scratch SQLite file, reads /docs-json and runs openapi-typescript. The API's OpenAPI test fails when
 * the committed file differs from what this writes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../api/dist/bootstrap.js';
import { loadApiConfig } from '../../api/dist/config.js';
import { SCHEMA_FILE, schemaSource } from './schema-source.mjs';

async function main() {
  const scratch = mkdtempSync(join(tmpdir(), 'streakforge-client-'));
  const app = await createApp(
    loadApiConfig({ DATABASE_PATH: join(scratch, 'scratch.db'), JWT_SECRET: 'x'.repeat(32), LOG_LEVEL: 'silent' }),
  );
  try {
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address();
    const document = await (await fetch(`http://127.0.0.1:${port}/docs-json`)).json();
    writeFileSync(SCHEMA_FILE, await schemaSource(document));
    console.log(`wrote ${SCHEMA_FILE}`);
  } finally {
    await app.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
