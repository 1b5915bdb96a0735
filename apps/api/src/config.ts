import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fsyncSync, linkSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { databasePathFromEnv, lockTimeoutFromEnv, prepareDatabaseFile } from '@streakforge/db';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ApiConfig {
  databasePath: string;
  /** How long a transaction waits for another process's write lock before the request gets a 503. */
  lockTimeoutMs: number;
  port: number;
  host: string;
  logLevel: LogLevel;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  /** Allowed browser origins; empty disables CORS, `['*']` allows any. */
  corsOrigins: string[];
  /** Login and register attempts per client address per minute. */
  authRateLimitPerMinute: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export const JWT_SECRET_FILE = 'jwt-secret';
const MIN_SECRET_LENGTH = 32;

/**
 * Writes a new secret so that no reader ever sees a partial file: a temporary file, flushed to disk, then linked into
 * place (which, unlike a rename, fails when another process got there first; its secret then stands).
 */
function createSecretFile(file: string): void {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, `${randomBytes(48).toString('base64url')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
  const dir = openSync(dirname(file), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/**
 * The secret from `JWT_SECRET`, else the one generated on first start and kept owner-only next to the database, so
 * tokens survive restarts and both processes of a deployment agree without anyone configuring a secret. A secret
 * file shorter than {@link MIN_SECRET_LENGTH} (an empty one left by a crash or a full disk) is refused, never used.
 */
export function resolveJwtSecret(env: NodeJS.ProcessEnv, databasePath: string): string {
  const configured = env['JWT_SECRET']?.trim();
  if (configured) return configured;
  if (databasePath === ':memory:') return randomBytes(48).toString('base64url');
  const file = join(dirname(prepareDatabaseFile(databasePath)), JWT_SECRET_FILE);
  if (!existsSync(file)) createSecretFile(file);
  chmodSync(file, 0o600);
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError([
      `${file} holds a secret of ${secret.length} characters, under the ${MIN_SECRET_LENGTH} required; ` +
        'delete the file to have a new one generated (every session then signs in again), or set JWT_SECRET',
    ]);
  }
  return secret;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name]?.trim();
  const value = raw ? Number(raw) : fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** Parses and validates the API's environment once at boot; nothing else reads `process.env`. */
export function loadApiConfig(env: NodeJS.ProcessEnv): ApiConfig {
  const problems: string[] = [];
  const port = integer(env, 'PORT', 3000, 1, 65_535, problems);
  const accessTokenTtlSeconds = integer(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 60, 86_400, problems);
  const authRateLimitPerMinute = integer(env, 'AUTH_RATE_LIMIT_PER_MINUTE', 10, 1, 100_000, problems);
  const lockTimeoutMs = lockTimeoutFromEnv(env, problems);
  const host = (env['HOST'] ?? '127.0.0.1').trim();
  if (host === '') problems.push('HOST must not be empty');
  const logLevel = (env['LOG_LEVEL'] ?? 'info').trim().toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env['LOG_LEVEL']}"`);
  }
  const jwtSecret = env['JWT_SECRET']?.trim();
  if (jwtSecret && jwtSecret.length < MIN_SECRET_LENGTH) {
    problems.push(`JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters (or unset to generate one)`);
  }
  const corsOrigins = (env['CORS_ORIGINS'] ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  if (problems.length > 0) throw new ConfigError(problems);
  const databasePath = databasePathFromEnv(env);
  return {
    databasePath,
    lockTimeoutMs,
    port,
    host,
    logLevel: logLevel as LogLevel,
    jwtSecret: resolveJwtSecret(env, databasePath),
    accessTokenTtlSeconds,
    corsOrigins,
    authRateLimitPerMinute,
  };
}
