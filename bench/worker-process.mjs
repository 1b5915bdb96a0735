// The worker as its own process, so its memory is its own: bootstraps the worker app (no schedule) on the database
// the parent names, says it is ready, then runs the jobs the parent asks for over IPC and answers with each run's
// time and items. Its heap is kept small as the worker's entry point keeps it: set before the app's modules load (as
// apps/worker/src/main.ts does), since loading them would otherwise grow the young generation for good, which cost
// about 23 MB of idle RSS. The parent reads its idle and peak RSS (VmRSS, VmHWM) from /proc.
// Usage: fork('worker-process.mjs', [JSON config]); messages: { run: '<job>' } → { ms, items }.
import { performance } from 'node:perf_hooks';
import { keepHeapSmall } from '../packages/db/dist/runtime.js';

const heap = keepHeapSmall();
const { createWorker } = await import('../apps/worker/dist/bootstrap.js');
const { Jobs } = await import('../apps/worker/dist/jobs/jobs.js');
const worker = await createWorker(JSON.parse(process.argv[2]), { schedule: false });
heap.ready();
const jobs = worker.get(Jobs);
process.on('message', async ({ run, stop }) => {
  if (stop) {
    await worker.close();
    process.exit(0);
  }
  const start = performance.now();
  const result = await jobs.run(run);
  process.send({ ms: performance.now() - start, items: result.items });
});
process.send({ ready: true });
