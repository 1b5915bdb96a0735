// `npm start`: build what is stale, apply migrations once, then run the API and the worker side by side with
// prefixed logs. Ctrl-C / SIGTERM reaches both; when either exits, the other is stopped too.
import { execSync } from 'node:child_process';
import concurrently from 'concurrently';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 17)) {
  console.error(`StreakForge needs Node 22.17+ (pinned 24 in node_modules/.bin); run it with npm start, not node ${process.version}.`);
  process.exit(1);
}

execSync('npm run build --silent', { stdio: 'inherit' });
execSync('npm run migrate --silent', { stdio: 'inherit' });

const { result } = concurrently(
  [
    { name: 'api', command: 'npm run start --silent -w @streakforge/api', prefixColor: 'cyan' },
    { name: 'worker', command: 'npm run start --silent -w @streakforge/worker', prefixColor: 'magenta' },
  ],
  { killOthersOn: ['failure', 'success'], prefix: 'name', killSignal: 'SIGTERM' },
);

result.then(
  () => process.exit(0),
  (events) => process.exit(events.some((e) => e.exitCode !== 0 && e.exitCode !== 'SIGTERM') ? 1 : 0),
);
