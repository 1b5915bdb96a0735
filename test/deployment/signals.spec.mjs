// `npm start` under a process manager: whichever of npm, the launcher's parent or the whole process group is told to
// stop, the API and the worker stop too and the port is free again. (The launcher itself getting SIGTERM is covered
// by start.spec.mjs.)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'streakforge-signals-'));
const spawned = [];

const freePort = () =>
  new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });

const until = async (condition, what, ms = 60_000) => {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

/** Every process below `pid`, from the process table. */
function descendants(pid) {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number));
  const found = [];
  const visit = (parent) => {
    for (const [child, ppid] of table) {
      if (ppid === parent) {
        found.push(child);
        visit(child);
      }
    }
  };
  visit(pid);
  return found;
}

/** Gone, or a zombie waiting for an init that does not reap it. */
function gone(pid) {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].startsWith('Z');
  } catch {
    return true;
  }
}

const listening = (port) =>
  new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), done(true)));
    socket.once('error', () => done(false));
  });

/** Starts StreakForge as `command`, waits until it serves, and returns its processes. */
async function start(name, command, args, options = {}) {
  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_PATH: join(dir, name, 'db.sqlite'),
    PORT: String(port),
    LOG_LEVEL: 'warn',
    INIT_CWD: root,
  };
  const child = spawn(command, args, { cwd: root, env, stdio: 'ignore', ...options });
  spawned.push(child);
  await until(
    () =>
      fetch(`http://127.0.0.1:${port}/health/ready`).then(
        (r) => r.ok,
        () => false,
      ),
    `${name} to serve`,
  );
  // The launcher, the API and the worker: node processes below the one we started.
  const below = descendants(child.pid);
  expect(below.length).toBeGreaterThanOrEqual(3);
  return { child, port, processes: [child.pid, ...below] };
}

async function expectAllStopped({ port, processes }) {
  await until(() => processes.every(gone), 'every process to exit', 20_000);
  expect(await listening(port)).toBe(false);
}

describe('npm start stops the apps', () => {
  afterAll(() => {
    for (const child of spawned) {
      for (const pid of [child.pid, ...descendants(child.pid)]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['SIGTERM', 'SIGINT'])('when npm alone gets %s, as from a process manager', async (signal) => {
    const app = await start(`npm-${signal}`, 'npm', ['start']);
    process.kill(app.child.pid, signal);
    await expectAllStopped(app);
  });

  it('when the whole process group gets SIGTERM', async () => {
    const app = await start('group', 'npm', ['start'], { detached: true });
    process.kill(-app.child.pid, 'SIGTERM');
    await expectAllStopped(app);
  });

  it('when the process that started it dies without a word (SIGKILL)', async () => {
    // `; true` keeps the shell in between, as npm's own shell is: its death orphans the launcher.
    const app = await start('parent', 'sh', ['-c', `${JSON.stringify(process.execPath)} scripts/start.mjs; true`]);
    process.kill(app.child.pid, 'SIGKILL');
    await expectAllStopped(app);
  });
});
