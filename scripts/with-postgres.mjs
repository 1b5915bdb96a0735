// Runs a command with TEST_POSTGRES_URL pointing at a throwaway PostgreSQL cluster, so the test suite's
// PostgreSQL projects run next to the SQLite ones. A given TEST_POSTGRES_URL is used as is. Without the server
// binaries the command runs on SQLite alone and says so (CI installs them: see .ci/run). The cluster is stopped
// whatever way the command ends.
import { spawn } from 'node:child_process';
import { postgresBin, startCluster, stopCluster } from '../tooling/postgres/cluster.mjs';

const [command, ...args] = process.argv.slice(2);
let cluster;
if (!process.env.TEST_POSTGRES_URL) {
  if (postgresBin()) {
    cluster = await startCluster();
    process.env.TEST_POSTGRES_URL = cluster.url;
    console.log(`PostgreSQL test cluster at ${cluster.url}`);
  } else {
    console.warn(
      'No PostgreSQL server binaries (/usr/lib/postgresql/*/bin): the PostgreSQL test projects are skipped.',
    );
  }
}
const stop = () => {
  if (cluster) stopCluster(cluster.dir);
  cluster = undefined;
};
process.on('exit', stop);
const child = spawn(command, args, { stdio: 'inherit', env: process.env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  stop();
  process.exit(code ?? (signal ? 1 : 0));
});
