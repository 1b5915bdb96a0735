import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { migrateDatabase } from '@streakforge/db';
import { freePort } from '../../../tooling/test/processes.mjs';

const MAIN = resolve(import.meta.dirname, '../dist/main.js');

async function waitUntilReady(url: string, server: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 150; attempt++) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not become ready');
}

describe('the API process', () => {
  let dir: string;
  let server: ChildProcess;
  let base: string;
  let output = '';
  const jwtSecret = 'the-signing-secret-no-log-line-may-show';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'streakforge-server-'));
    const databasePath = join(dir, 'data', 'server.db');
    await migrateDatabase({ databasePath });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [MAIN], {
      // The most verbose level, so anything the server ever logs is in `output`.
      env: {
        ...process.env,
        DATABASE_PATH: databasePath,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'debug',
        JWT_SECRET: jwtSecret,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitUntilReady(`${base}/health/ready`, server);
  }, 30_000);

  afterAll(() => {
    if (server.exitCode === null) server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves real HTTP, logs one JSON line per request and never a password, token or secret', async () => {
    const password = 'very secret password';
    const register = await fetch(`${base}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'process', email: 'process@example.org', password }),
    });
    expect(register.status).toBe(201);
    const { accessToken } = (await register.json()) as { accessToken: string };
    const me = await fetch(`${base}/api/v1/me`, {
      headers: { authorization: `Bearer ${accessToken}`, 'x-request-id': 'proc-1' },
    });
    expect(me.status).toBe(200);
    expect(me.headers.get('x-request-id')).toBe('proc-1');
    const auth = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
    const personal = (await (
      await fetch(`${base}/api/v1/me/tokens`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'cli' }) })
    ).json()) as { token: string };
    expect((await fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${personal.token}` } })).status).toBe(
      200,
    );
    const wrongPassword = 'a guess that is wrong';
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'process', password: wrongPassword }),
    });
    expect(login.status).toBe(401);
    const searched = await fetch(`${base}/api/v1/habits?category=private-search-term`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(searched.status).toBe(200);
    expect((await fetch(`${base}/health/live`, { headers: { 'x-request-id': 'live-1' } })).status).toBe(200);
    const completed = () =>
      output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line))
        .filter((entry) => entry.msg === 'request completed');
    for (let i = 0; i < 100 && !completed().some((entry) => entry.req.id === 'live-1'); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(completed().some((entry) => entry.req.id === 'proc-1' && entry.res.statusCode === 200)).toBe(true);
    expect(completed().filter((entry) => entry.req.id === 'live-1')).toHaveLength(1);
    expect(output).not.toContain(password);
    expect(output).not.toContain(accessToken);
    expect(output).not.toContain(accessToken.split('.')[2]);
    expect(output).not.toContain(personal.token);
    expect(output).not.toContain(personal.token.slice(4));
    expect(output).not.toContain(wrongPassword);
    expect(output).not.toContain(jwtSecret);
    expect(output).not.toContain('private-search-term');
    expect(output).toContain('"url":"/api/v1/habits"');
    expect(output).not.toMatch(/scrypt\$/);
  });

  it('stops on SIGTERM with exit code 0', async () => {
    const exited = new Promise<number | null>((done) => server.once('exit', (code) => done(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
