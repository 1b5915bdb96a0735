import { assertSupportedNode, keepHeapSmall } from '@streakforge/db/runtime';

assertSupportedNode();
const heap = keepHeapSmall();
const { loadWorkerConfig } = await import('./config.js');
const { createWorker } = await import('./bootstrap.js');
const { Logger } = await import('nestjs-pino');
const { describeDatabase } = await import('@streakforge/db');

try {
  const config = loadWorkerConfig(process.env);
  const worker = await createWorker(config, { schedule: true });
  heap.ready();
  const logger = worker.get(Logger);
  logger.log(`StreakForge worker running (database ${describeDatabase(config)})`);
  // Scheduled jobs' timers come and go; the process itself lives until it is told to stop.
  const keepAlive = setInterval(() => undefined, 2 ** 31 - 1);
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`Worker received ${signal}; stopping`);
    clearInterval(keepAlive);
    await worker.close();
    process.exit(0);
  };
  process.on('SIGTERM', (signal) => void stop(signal));
  process.on('SIGINT', (signal) => void stop(signal));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
