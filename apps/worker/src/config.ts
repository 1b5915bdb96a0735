import { dirname, isAbsolute, join, resolve } from 'node:path';
import { databasePathFromEnv, lockTimeoutFromEnv, logLevelFromEnv, type LogLevel } from '@streakforge/db';

export interface WorkerConfig {
  databasePath: string;
  /** How long a transaction waits for another process's write lock. */
  lockTimeoutMs: number;
  /** Where backups go: `BACKUP_DIR`, default `<data dir>/backups`. */
  backupDir: string;
  /** How many backups to keep, newest first. */
  backupKeep: number;
  logLevel: LogLevel;
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
  if (problems.length > 0)
    throw new WorkerConfigError(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return { databasePath, lockTimeoutMs, backupDir, backupKeep, logLevel };
}
