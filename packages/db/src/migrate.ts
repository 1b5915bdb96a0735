import { assertSupportedNode } from './runtime.js';

assertSupportedNode();
const { migrateDatabase } = await import('./orm.js');
const { databasePathFromEnv, databaseUrlFromEnv, describeDatabase } = await import('./config.js');

const problems: string[] = [];
const target = { databasePath: databasePathFromEnv(), databaseUrl: databaseUrlFromEnv(process.env, problems) };
if (problems.length > 0) {
  console.error(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  process.exit(1);
}
const applied = await migrateDatabase(target);
const name = describeDatabase(target);
console.log(
  applied.length === 0
    ? `Database ${name} is up to date.`
    : `Applied ${applied.length} migration(s) to ${name}: ${applied.join(', ')}`,
);
