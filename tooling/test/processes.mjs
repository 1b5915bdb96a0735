import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const API_MAIN = resolve(import.meta.dirname, '../../apps/api/dist/main.js');

/** A loopback port nothing listens on right now. */
export function freePort() {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}

/**
 * The built API (apps/api/dist/main.js) as its own process on a free port, with `env` as its whole environment,
 * resolved once `/health/ready` answers; rejects with the output if it exits first.
 */
export async function startApiProcess(env) {
  const port = await freePort();
  const child = spawn(process.execPath, [API_MAIN], {
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const api = { base: `http://127.0.0.1:${port}`, process: child, output: '' };
  child.stdout.on('data', (chunk) => (api.output += chunk.toString()));
  child.stderr.on('data', (chunk) => (api.output += chunk.toString()));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited: ${api.output}`);
    try {
      if ((await fetch(`${api.base}/health/ready`)).ok) return api;
    } catch {
      // Not listening yet.
    }
    await new Promise((done) => setTimeout(done, 100));
  }
}
