import { assertSupportedNode, keepHeapSmall } from '@streakforge/db/runtime';

assertSupportedNode();
const heap = keepHeapSmall();
const { loadApiConfig, ConfigError } = await import('./config.js');
const { createApp } = await import('./bootstrap.js');
const { Logger } = await import('nestjs-pino');
const { describeDatabase } = await import('@streakforge/db');

try {
  const config = loadApiConfig(process.env);
  const app = await createApp(config);
  // app.close() lets in-flight requests finish and closes the database; then exit 0, which is a clean stop. A second
  // signal (Ctrl-C reaches the whole process group, npm start forwards it too) must not cut that short.
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
    });
  }
  await app.listen(config.port, config.host);
  heap.ready();
  app
    .get(Logger)
    .log(
      `StreakForge API listening on http://${config.host}:${config.port}: the API under /api/v1, its document at /docs, ` +
        `health at /health/live and /health/ready (database ${describeDatabase(config)})`,
    );
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
