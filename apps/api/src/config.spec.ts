import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ConfigError, JWT_SECRET_FILE, loadApiConfig } from './config.js';

describe(loadApiConfig.name, () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'streakforge-config-'));
    env = { DATABASE_PATH: join(dir, 'data', 'app.db') };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('applies the documented defaults', () => {
    const config = loadApiConfig(env);
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      logLevel: 'info',
      accessTokenTtlSeconds: 900,
      corsOrigins: [],
      authRateLimitPerMinute: 10,
      databasePath: join(dir, 'data', 'app.db'),
      scryptLog2N: 15,
    });
  });

  it('generates the JWT secret once, owner-only, next to the database', () => {
    const first = loadApiConfig(env).jwtSecret;
    const file = join(dir, 'data', JWT_SECRET_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(first.length).toBeGreaterThanOrEqual(64);
    expect(loadApiConfig(env).jwtSecret).toBe(first);
  });

  it('refuses a secret file under 32 characters, such as an empty one left by a crash, and leaves no temporary file', () => {
    loadApiConfig(env);
    const file = join(dir, 'data', JWT_SECRET_FILE);
    for (const content of ['', '\n', 'short-secret\n', ' '.repeat(40)]) {
      writeFileSync(file, content);
      expect(() => loadApiConfig(env)).toThrow(/under the 32 required/);
    }
    expect(readdirSync(join(dir, 'data')).filter((name) => name.includes(JWT_SECRET_FILE))).toEqual([JWT_SECRET_FILE]);
  });

  it('prefers JWT_SECRET from the environment', () => {
    const secret = 's'.repeat(40);
    expect(loadApiConfig({ ...env, JWT_SECRET: secret }).jwtSecret).toBe(secret);
  });

  it('runs on PostgreSQL with DATABASE_URL, which needs a JWT_SECRET every replica shares, and writes no secret file', () => {
    const url = 'postgresql://app:pw@db.internal:5432/streakforge';
    expect(() => loadApiConfig({ ...env, DATABASE_URL: url })).toThrow(/JWT_SECRET must be set when DATABASE_URL is/);
    const config = loadApiConfig({ ...env, DATABASE_URL: url, JWT_SECRET: 's'.repeat(40) });
    expect(config).toMatchObject({ databaseUrl: url, jwtSecret: 's'.repeat(40) });
    expect(readdirSync(dir)).toEqual([]);
    expect(() => loadApiConfig({ ...env, DATABASE_URL: 'mysql://db/app', JWT_SECRET: 's'.repeat(40) })).toThrow(
      /DATABASE_URL must be a postgresql:\/\/ address/,
    );
  });

  it('reads CORS origins as a comma-separated list', () => {
    expect(loadApiConfig({ ...env, CORS_ORIGINS: ' https://a.example , https://b.example,' }).corsOrigins).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
  });

  it('reads TRUST_PROXY as a list of proxy addresses and ranges', () => {
    expect(loadApiConfig(env).trustProxy).toBe(false);
    expect(loadApiConfig({ ...env, TRUST_PROXY: ' 10.0.0.0/8, loopback ,::1,fd00::/8' }).trustProxy).toEqual([
      '10.0.0.0/8',
      'loopback',
      '::1',
      'fd00::/8',
    ]);
    for (const bad of ['1', 'true', 'yes', '10.0.0.0/33', '300.1.1.1', ',', '10.0.0.1/8/1']) {
      expect(() => loadApiConfig({ ...env, TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
    }
  });

  it('reports every invalid setting at once', () => {
    const attempt = () =>
      loadApiConfig({
        ...env,
        PORT: '70000',
        LOG_LEVEL: 'loud',
        JWT_SECRET: 'short',
        ACCESS_TOKEN_TTL_SECONDS: '5',
        AUTH_RATE_LIMIT_PER_MINUTE: 'x',
        HOST: ' ',
        SCRYPT_LOG2_N: '14',
      });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(7);
      expect((error as ConfigError).problems).toContain('SCRYPT_LOG2_N must be an integer from 15 to 20, got "14"');
    }
  });
});
