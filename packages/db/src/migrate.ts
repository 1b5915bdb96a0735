import { assertSupportedNode } from './runtime.js';

assertSupportedNode();
const { migrateDatabase } = await import('./orm.js');
const { databasePathFromEnv } = await import('./config.js');

const databasePath = databasePathFromEnv();
const applied = await migrateDatabase({ databasePath });
console.log(
  applied.length === 0
    ? `Database ${databasePath} is up to date.`
    : `Applied ${applied.length} migration(s) to ${databasePath}: ${applied.join(', ')}`,
);
