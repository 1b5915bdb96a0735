import { databasePathFromEnv } from '@streakforge/db';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ApiConfig {
  databasePath: string;
  port: number;
  host: string;
  logLevel: LogLevel;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses and validates the API's environment once at boot; nothing else reads `process.env`. */
export function loadApiConfig(env: NodeJS.ProcessEnv): ApiConfig {
  const problems: string[] = [];
  const port = Number(env['PORT'] ?? '3000');
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    problems.push(`PORT must be an integer from 1 to 65535, got "${env['PORT']}"`);
  }
  const host = (env['HOST'] ?? '127.0.0.1').trim();
  if (host === '') problems.push('HOST must not be empty');
  const logLevel = (env['LOG_LEVEL'] ?? 'info').trim().toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env['LOG_LEVEL']}"`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { databasePath: databasePathFromEnv(env), port, host, logLevel: logLevel as LogLevel };
}
