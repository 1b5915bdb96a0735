import { assertSupportedNode } from './runtime.js';

assertSupportedNode();
const { parseArgs } = await import('node:util');
const { databaseOptionsOf, databasePathFromEnv, describeDatabase } = await import('./config.js');
const { copyDatabase } = await import('./copy.js');

const usage =
  'usage: npm run db:copy -- --to postgresql://user:password@host:5432/database [--from path/to/streakforge.db]\n' +
  'Copies every row of the SQLite database (DATABASE_PATH unless --from) into a new, empty PostgreSQL database\n' +
  '(DATABASE_URL unless --to).';

let args;
try {
  args = parseArgs({ options: { to: { type: 'string' }, from: { type: 'string' } }, allowPositionals: false }).values;
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
const destination = args.to ?? process.env['DATABASE_URL'];
if (!destination) {
  console.error(usage);
  process.exit(2);
}
const from = args.from ? databaseOptionsOf(args.from) : { databasePath: databasePathFromEnv() };
const to = databaseOptionsOf(destination);
console.log(`Copying ${describeDatabase(from)} into ${describeDatabase(to)}`);
try {
  const counts = await copyDatabase(from, to, ({ table, rows, done }) => {
    if (done) console.log(`  ${table}: ${rows} row(s)`);
    else if (rows % 20_000 === 0) console.log(`  ${table}: ${rows} row(s) so far…`);
  });
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  console.log(`Done: ${total} row(s) copied. Point DATABASE_URL at the new database and set JWT_SECRET.`);
} catch (error) {
  console.error(`Nothing was copied: ${(error as Error).message}`);
  process.exit(1);
}
