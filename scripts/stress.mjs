// `npm run test:stress`: the whole suite, several times in a row, while busy processes keep every core loaded, as
// on a shared or small machine. It stops at the first failing run; the busy processes stop with it, whatever happens.
// Runs and load: STRESS_RUNS (default 3) and STRESS_BUSY (default: one per core).
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

const runs = Number(process.env.STRESS_RUNS ?? 3);
const busyCount = Number(process.env.STRESS_BUSY ?? availableParallelism());
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(busyCount) || busyCount < 0) {
  console.error('STRESS_RUNS must be a whole number from 1 and STRESS_BUSY one from 0');
  process.exit(2);
}

const busy = Array.from({ length: busyCount }, () =>
  spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
);
const stopBusy = () => {
  for (const child of busy) child.kill('SIGKILL');
};
process.on('exit', stopBusy);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopBusy();
    process.exit(1);
  });
}

const summaries = [];
let failed = false;
for (let run = 1; run <= runs && !failed; run++) {
  console.log(`\n=== stress run ${run} of ${runs}, with ${busyCount} busy process(es) ===`);
  const started = Date.now();
  let tail = '';
  const code = await new Promise((resolve) => {
    const test = spawn('npm', ['test'], { stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [test.stdout, test.stderr]) {
      stream.on('data', (chunk) => {
        process.stdout.write(chunk);
        tail = (tail + chunk).slice(-4000);
      });
    }
    test.once('exit', (exitCode) => resolve(exitCode ?? 1));
  });
  const counts = /Tests:\s+(.*)/.exec(tail)?.[1] ?? 'no counts';
  summaries.push(
    `run ${run}: ${code === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 60_000).toFixed(1)} min (${counts})`,
  );
  failed = code !== 0;
}

stopBusy();
console.log(`\n${summaries.join('\n')}`);
process.exit(failed ? 1 : 0);
