// `npm start`: build what is stale, apply migrations once, then run the API and the worker side by side with
// prefixed logs. Ctrl-C / SIGTERM reaches both; when either exits, the other is stopped too; and when the process
// that started this one goes away (npm killed outright, or a shell in between killed), both stop. package.json runs
// it with `exec`, so the SIGINT and SIGTERM npm passes on reach this process, not a shell that would wait them out.
import { execSync } from 'node:child_process';
import concurrently from 'concurrently';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 17)) {
  console.error(
    `StreakForge needs Node 22.17+ (pinned 24 in node_modules/.bin); run it with npm start, not node ${process.version}.`,
  );
  process.exit(1);
}

execSync('npm run build --silent', { stdio: 'inherit' });
execSync('npm run migrate --silent', { stdio: 'inherit' });

// The shell execs node (no npm or sh in between), so the stop signal concurrently passes on reaches the apps, which
// close and exit 0.
const node = JSON.stringify(process.execPath);
const { result, commands } = concurrently(
  [
    { name: 'api', command: `exec ${node} apps/api/dist/main.js`, prefixColor: 'cyan' },
    { name: 'worker', command: `exec ${node} apps/worker/dist/main.js`, prefixColor: 'magenta' },
  ],
  { killOthersOn: ['failure', 'success'], prefix: 'name', killSignal: 'SIGTERM', handleInput: false },
);

// An orphan is adopted by init or a subreaper, so a new parent id means npm (and its shell) are gone.
const parent = process.ppid;
const orphanCheck = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(orphanCheck);
  console.error('npm start: the process that started StreakForge is gone; stopping the api and the worker');
  for (const command of commands) command.kill('SIGTERM');
}, 500);
orphanCheck.unref();

result.then(
  () => process.exit(0),
  (events) => process.exit(events.some((e) => e.exitCode !== 0) ? 1 : 0),
);
