import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import { startCluster, stopCluster } from '../../../tooling/postgres/cluster.mjs';
import { createOrmConfig, type OrmConfigOptions } from './config.js';

/**
 * Writes one migration per engine, under the same name, with the difference between that engine's committed
 * migrations and the entities: each applies its migrations to a scratch database (a temp SQLite file; a throwaway
 * PostgreSQL cluster from the machine's server binaries), diffs it against the entity metadata and writes the result
 * to src/migrations/<engine>.
 */
async function writeMigration(engine: string, options: OrmConfigOptions, name: string | undefined, at: string) {
  const migrationsDir = resolve(import.meta.dirname, `../src/migrations/${engine}`);
  const config = await createOrmConfig(options);
  const orm = await MikroORM.init({
    ...config,
    migrations: { ...config.migrations, path: migrationsDir, fileName: () => `Migration${at}_${name}` },
  });
  try {
    await orm.migrator.up();
    const result = await orm.migrator.create(migrationsDir, false, false, name);
    if (!result.fileName) return null;
    const className = result.fileName.replace(/\.ts$/, '');
    // MikroORM names the class from a timestamp of its own, taken a moment later than the file's.
    const file = join(migrationsDir, result.fileName);
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll(new RegExp(`Migration\\d{14}_${name}`, 'g'), className));
    return className;
  } finally {
    await orm.close(true);
  }
}

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]*$/.test(name)) {
    console.error('usage: npm run migration:create -- <PascalCaseName>');
    process.exit(2);
  }
  // One timestamp for both, so both engines' migrations carry the same name.
  const at = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const scratch = mkdtempSync(join(tmpdir(), 'streakforge-migration-'));
  const cluster = await startCluster();
  try {
    const written = {
      sqlite: await writeMigration('sqlite', { databasePath: join(scratch, 'scratch.db') }, name, at),
      postgresql: await writeMigration('postgresql', { databaseUrl: cluster.url }, name, at),
    };
    for (const [engine, className] of Object.entries(written)) {
      if (!className) {
        console.log(`${engine}: the entities match the migrations, nothing written.`);
        continue;
      }
      console.log(`${engine}: wrote src/migrations/${engine}/${className}.ts. Register it in its index.ts:`);
      console.log(`  import { ${className} } from './${className}.js';`);
      console.log(`  { name: '${className}', class: ${className} },`);
    }
    if (Boolean(written.sqlite) !== Boolean(written.postgresql)) {
      console.log(
        'Only one engine changed: write an empty migration of the same name for the other, so the lists match.',
      );
    }
  } finally {
    stopCluster(cluster.dir);
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
