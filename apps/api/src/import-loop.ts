import { assertSupportedNode } from '@streakforge/db/runtime';

assertSupportedNode();
const { readFileSync } = await import('node:fs');
const { resolve } = await import('node:path');
const { parseArgs } = await import('node:util');
const { HttpException } = await import('@nestjs/common');
const { MikroORM, RequestContext, User } = await import('@streakforge/db');
const { loadApiConfig, ConfigError } = await import('./config.js');
const { createApp } = await import('./bootstrap.js');
const { ImportService } = await import('./imports/import.service.js');
const { describeSkipped } = await import('./imports/import-plan.js');

const USAGE = 'Usage: npm run import:loop -- --user <username> <Loop export .zip or backup .db>';

/** The 400/422 an upload would get, as lines an admin can act on. */
function describe(error: InstanceType<typeof HttpException>): string {
  const { message, details } = error.getResponse() as {
    message: string;
    details?: { field: string; message: string }[];
  };
  return [message, ...(details ?? []).map((detail) => `  ${detail.field}: ${detail.message}`)].join('\n');
}

let args: ReturnType<typeof parseArgs<{ options: { user: { type: 'string' } }; allowPositionals: true }>>;
try {
  args = parseArgs({ options: { user: { type: 'string' } }, allowPositionals: true });
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
const username = args.values.user;
const [path, ...extra] = args.positionals;
if (!username || !path || extra.length > 0) {
  console.error(USAGE);
  process.exit(2);
}

try {
  // npm runs the script in the api workspace; a relative path means where the admin typed the command.
  const file = readFileSync(resolve(process.env['INIT_CWD'] || process.cwd(), path));
  const app = await createApp({ ...loadApiConfig(process.env), logLevel: 'warn' });
  await app.init();
  try {
    const orm = app.get(MikroORM);
    const user = await orm.em.fork().findOne(User, { username: username.toLowerCase() });
    if (!user) throw new Error(`no user named "${username}"`);
    const result = await RequestContext.create(orm.em, () => app.get(ImportService).importLoop(user.id, file));
    const { habits, completions, skippedByReason } = result;
    console.log(
      `Imported ${path} for ${user.username}: habits ${habits.created} created, ${habits.updated} updated, ${habits.unchanged} unchanged; ` +
        `days ${completions.created} created, ${completions.updated} updated, ${completions.unchanged} unchanged; ` +
        `rows not stored: ${describeSkipped(skippedByReason)}`,
    );
  } finally {
    await app.close();
  }
} catch (error) {
  if (error instanceof HttpException) console.error(`Not imported, nothing was written: ${describe(error)}`);
  else console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
  process.exit(1);
}
