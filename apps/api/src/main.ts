import { assertSupportedNode } from '@streakforge/db/runtime';

assertSupportedNode();
const { loadApiConfig, ConfigError } = await import('./config.js');
const { createApp } = await import('./bootstrap.js');

try {
  const config = loadApiConfig(process.env);
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  console.log(`StreakForge API listening on http://${config.host}:${config.port} (database ${config.databasePath})`);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
