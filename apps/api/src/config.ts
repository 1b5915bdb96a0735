import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { isIP } from 'node:net';
import { dirname, join } from 'node:path';
import {
  databasePathFromEnv,
  databaseUrlFromEnv,
  lockTimeoutFromEnv,
  logLevelFromEnv,
  prepareDatabaseFile,
  type LogLevel,
} from '@streakforge/db';
import { DEFAULT_SCRYPT_LOG2_N } from './auth/passwords.js';

export interface ApiConfig {
  databasePath: string;
  /** PostgreSQL's address when the deployment uses it (`DATABASE_URL`); `databasePath` is then unused. */
  databaseUrl?: string | undefined;
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
  /** How long a connection may send nothing before it is closed, mid-request or idle between requests. */
  idleTimeoutMs: number;
  /** The most a whole request may take to arrive, headers and body. */
  requestTimeoutMs: number;
  /** Open connections at most; more are refused until some close. */
  maxConnections: number;
  /** The reverse proxies whose `X-Forwarded-For` names the client (addresses, CIDR ranges), or none. */
  trustProxy: string[] | false;
  /** scrypt's cost for new password hashes, as log2 N. */
  scryptLog2N: number;
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

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** A proxy address as Fastify's `trustProxy` takes it: an IP, a CIDR range, or one of proxy-addr's names. */
function isProxyAddress(token: string): boolean {
  if (PROXY_NAMES.has(token) || isIP(token) !== 0) return true;
  const [address, prefix, extra] = token.split('/');
  const family = isIP(address ?? '');
  return (
    extra === undefined && family !== 0 && /^\d{1,3}$/.test(prefix ?? '') && Number(prefix) <= (family === 4 ? 32 : 128)
  );
}

/**
 * `TRUST_PROXY`: unset for none, else the comma-separated addresses and CIDR ranges of the reverse proxies whose
 * `X-Forwarded-For` names the client. A bare hop count is refused: it cannot tell a proxy from a client that sends the
 * header itself, and Fastify ignores it.
 */
function trustProxyFrom(env: NodeJS.ProcessEnv, problems: string[]): string[] | false {
  const raw = env['TRUST_PROXY']?.trim();
  if (!raw || raw === 'false') return false;
  const tokens = raw
    .split(',')
    .map((token) => token.trim())
    .filter((token) => token !== '');
  if (tokens.length > 0 && tokens.every(isProxyAddress)) return tokens;
  problems.push(`TRUST_PROXY must list the proxies' addresses or CIDR ranges (e.g. 10.0.0.0/8,loopback), got "${raw}"`);
  return false;
}

function integer(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
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
  const logLevel = logLevelFromEnv(env, problems);
  const jwtSecret = env['JWT_SECRET']?.trim();
  if (jwtSecret && jwtSecret.length < MIN_SECRET_LENGTH) {
    problems.push(`JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters (or unset to generate one)`);
  }
  const databaseUrl = databaseUrlFromEnv(env, problems);
  // Replicas behind a load balancer must sign and verify with one secret, and they share no directory to keep a
  // generated one in: with PostgreSQL the operator sets it.
  if (databaseUrl && !jwtSecret) {
    problems.push('JWT_SECRET must be set when DATABASE_URL is (every API replica signs sessions with it)');
  }
  const trustProxy = trustProxyFrom(env, problems);
  const idleTimeoutMs = integer(env, 'HTTP_IDLE_TIMEOUT_MS', 10_000, 100, 600_000, problems);
  const requestTimeoutMs = integer(env, 'HTTP_REQUEST_TIMEOUT_MS', 120_000, 1_000, 3_600_000, problems);
  const maxConnections = integer(env, 'HTTP_MAX_CONNECTIONS', 1_000, 1, 100_000, problems);
  const scryptLog2N = integer(env, 'SCRYPT_LOG2_N', DEFAULT_SCRYPT_LOG2_N, DEFAULT_SCRYPT_LOG2_N, 20, problems);
  const corsOrigins = (env['CORS_ORIGINS'] ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  if (problems.length > 0) throw new ConfigError(problems);
  const databasePath = databasePathFromEnv(env);
  return {
    databasePath,
    databaseUrl,
    lockTimeoutMs,
    port,
    host,
    logLevel,
    jwtSecret: databaseUrl ? jwtSecret! : resolveJwtSecret(env, databasePath),
    accessTokenTtlSeconds,
    corsOrigins,
    authRateLimitPerMinute,
    trustProxy,
    idleTimeoutMs,
    requestTimeoutMs,
    maxConnections,
    scryptLog2N,
  };
}
