import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DEFAULT_LOCK_TIMEOUT_MS, MikroORM, migrateDatabase } from '@streakforge/db';
import { createApp } from '../src/bootstrap.js';
import { SettableClock } from '@streakforge/db';
import type { ApiConfig } from '../src/config.js';
import { ContractChecker } from './contract.js';
import { freshDatabase, storedRows, type FreshDatabase } from '../../../tooling/test/test-database.mjs';

export interface Reply<T = any> {
  status: number;
  body: T;
  /** The body as sent, for binary responses. */
  bytes: Buffer;
  headers: Record<string, unknown>;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Sent as is, with the given content type (default JSON). */
  raw?: string | Buffer;
}

export interface TestApi {
  app: NestFastifyApplication;
  clock: SettableClock;
  /** The SQLite file (unused on PostgreSQL, where `database.options.databaseUrl` is set). */
  databasePath: string;
  database: FreshDatabase;
  orm: MikroORM;
  request<T = any>(method: string, url: string, options?: RequestOptions): Promise<Reply<T>>;
  /** Registers a user and returns their access token and id. */
  register(username: string, extra?: Record<string, unknown>): Promise<{ token: string; id: number }>;
  close(): Promise<void>;
}

export const PASSWORD = 'correct horse battery';

/** The API's configuration in tests: a database (a SQLite path, or both fields of a fresh test database). */
export function testConfig(database: string | FreshDatabase['options'], overrides: Partial<ApiConfig> = {}): ApiConfig {
  return {
    ...(typeof database === 'string' ? { databasePath: database } : database),
    lockTimeoutMs: DEFAULT_LOCK_TIMEOUT_MS,
    port: 0,
    host: '127.0.0.1',
    logLevel: 'silent',
    jwtSecret: 'test-secret-that-is-long-enough-for-hs256',
    // Tests move the clock by days; the expiry test sets a short lifetime itself.
    accessTokenTtlSeconds: 86_400,
    corsOrigins: [],
    authRateLimitPerMinute: 10_000,
    trustProxy: false,
    idleTimeoutMs: 10_000,
    requestTimeoutMs: 120_000,
    maxConnections: 1_000,
    // 2^10 instead of production's 2^15: every test registers users, and the cost is what scrypt is for.
    scryptLog2N: 10,
    ...overrides,
  };
}

/**
 * The real application on a fresh, migrated database of the suite's engine (a SQLite file, or a PostgreSQL database
 * in the PostgreSQL projects), driven through Fastify's HTTP injection.
 */
export async function startApi(
  options: {
    now?: string;
    config?: Partial<ApiConfig>;
    migrate?: boolean;
    beforeInit?: (app: NestFastifyApplication) => void;
  } = {},
): Promise<TestApi> {
  const database = await freshDatabase('api');
  const { databasePath } = database.options;
  if (options.migrate !== false) await migrateDatabase(database.options);
  const clock = new SettableClock(new Date(options.now ?? '2026-11-24T12:00:00Z'));
  const app = await createApp(testConfig(database.options, options.config), clock);
  options.beforeInit?.(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const contract = new ContractChecker(JSON.parse((await app.inject({ method: 'GET', url: '/docs-json' })).body));

  const request = async <T>(
    method: string,
    url: string,
    { token, body, headers = {}, raw }: RequestOptions = {},
  ): Promise<Reply<T>> => {
    const response = await app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(raw !== undefined ? { payload: raw } : body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    const contentType = String(response.headers['content-type'] ?? '');
    const isJson = contentType.startsWith('application/json');
    const parsed: unknown = isJson && response.body ? JSON.parse(response.body) : response.body;
    const breach = contract.check(method, url, response.statusCode, contentType, parsed);
    if (breach) throw new Error(`response outside the OpenAPI document: ${breach}`);
    return { status: response.statusCode, body: parsed as T, bytes: response.rawPayload, headers: response.headers };
  };

  return {
    app,
    clock,
    databasePath,
    database,
    orm: app.get(MikroORM),
    request,
    async register(username, extra = {}) {
      const reply = await request<{ accessToken: string; user: { id: number } }>('POST', '/api/v1/auth/register', {
        body: { username, email: `${username}@example.org`, password: PASSWORD, ...extra },
      });
      if (reply.status !== 201) throw new Error(`register ${username}: ${reply.status} ${JSON.stringify(reply.body)}`);
      return { token: reply.body.accessToken, id: reply.body.user.id };
    },
    async close() {
      await app.close();
      await database.remove();
    },
  };
}

/** Rows straight from the database, bypassing the API and the ORM's identity map. */
export async function rows<T = Record<string, unknown>>(
  api: TestApi,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  return storedRows<T>(api.orm.em.fork(), sql, params);
}
