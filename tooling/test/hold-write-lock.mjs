// Holds a SQLite database's write lock from another process, as an admin's `sqlite3` session or a long import on
// another API process would, until released. Run as a script it is that process; imported, `holdWriteLock` starts it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const self = fileURLToPath(import.meta.url);

/** Starts the holder and resolves once it holds the lock; `release()` rolls back and waits for it to exit. */
export function holdWriteLock(databasePath) {
  const child = spawn(process.execPath, [self, databasePath], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((done) => child.once('exit', done));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', () =>
      resolve({
        release: async () => {
          child.stdin.end();
          await exited;
        },
      }),
    );
    exited.then((code) => reject(new Error(`the lock holder exited early (${code})`)));
  });
}

if (process.argv[1] === self) {
  const db = new Database(process.argv[2], { timeout: 10_000 });
  db.exec('begin immediate');
  process.stdout.write('locked\n');
  process.stdin.resume();
  process.stdin.on('end', () => {
    db.exec('rollback');
    db.close();
    process.exit(0);
  });
}
