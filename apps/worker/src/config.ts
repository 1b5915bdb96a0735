import { databasePathFromEnv } from '@streakforge/db';

export interface WorkerConfig {
  databasePath: string;
}

/** Parses the worker's environment once at boot; nothing else reads `process.env`. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv): WorkerConfig {
  return { databasePath: databasePathFromEnv(env) };
}
