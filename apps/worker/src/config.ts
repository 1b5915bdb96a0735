import { dirname, isAbsolute, join, resolve } from 'node:path';
import {
  databasePathFromEnv,
  databaseUrlFromEnv,
  lockTimeoutFromEnv,
  logLevelFromEnv,
  type LogLevel,
} from '@streakforge/db';

export interface WorkerConfig {
  databasePath: string;
  /** PostgreSQL's address when the deployment uses it (`DATABASE_URL`); `databasePath` is then unused. */
  databaseUrl?: string | undefined;
  /** How long a transaction waits for another process's write lock. */
  lockTimeoutMs: number;
  /** Where backups go: `BACKUP_DIR`, default `<data dir>/backups`. */
  backupDir: string;
  /** How many backups to keep, newest first. */
  backupKeep: number;
  logLevel: LogLevel;
  /** How often a running job renews its lease; 20 s unless set (tests use less). */
  jobHeartbeatMs?: number;
}

export class WorkerConfigError extends Error {}

/** Parses the worker's environment once at boot; nothing else reads `process.env`. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv): WorkerConfig {
  const databasePath = databasePathFromEnv(env);
  const configuredDir = env['BACKUP_DIR']?.trim();
  const backupDir = configuredDir
    ? isAbsolute(configuredDir)
      ? configuredDir
      : resolve(env['INIT_CWD'] || process.cwd(), configuredDir)
    : join(dirname(databasePath), 'backups');
  const problems: string[] = [];
  const rawKeep = env['BACKUP_KEEP']?.trim();
  const backupKeep = rawKeep ? Number(rawKeep) : 7;
  if (!Number.isInteger(backupKeep) || backupKeep < 1 || backupKeep > 1000) {
    problems.push(`BACKUP_KEEP must be an integer from 1 to 1000, got "${rawKeep}"`);
  }
  const lockTimeoutMs = lockTimeoutFromEnv(env, problems);
  const logLevel = logLevelFromEnv(env, problems);
  const databaseUrl = databaseUrlFromEnv(env, problems);
  if (problems.length > 0)
    throw new WorkerConfigError(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return { databasePath, databaseUrl, lockTimeoutMs, backupDir, backupKeep, logLevel };
}
