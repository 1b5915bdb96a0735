import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MikroORM } from '@mikro-orm/sqlite';
import { createOrmConfig } from './config.js';

/**
 * Writes a migration with the difference between the committed migrations and the entities: it applies every
 * migration to a scratch database, diffs it against the entity metadata and writes the result to src/migrations.
 */
async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'streakforge-migration-'));
  const migrationsDir = resolve(import.meta.dirname, '../src/migrations');
  const name = process.argv[2];
  const config = createOrmConfig({ databasePath: join(scratch, 'scratch.db') });
  const orm = await MikroORM.init({ ...config, migrations: { ...config.migrations, path: migrationsDir } });
  try {
    await orm.migrator.up();
    const result = await orm.migrator.create(migrationsDir, false, false, name);
    if (!result.fileName) {
      console.log('The entities match the migrations: nothing to write.');
      return;
    }
    const className = result.fileName.replace(/\.ts$/, '');
    console.log(`Wrote src/migrations/${result.fileName}. Register it in src/migrations/index.ts:`);
    console.log(`  import { ${className} } from './${className}.js';`);
    console.log(`  { name: '${className}', class: ${className} },`);
  } finally {
    await orm.close(true);
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
