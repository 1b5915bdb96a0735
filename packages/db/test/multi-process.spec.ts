import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Habit, User, type MikroORM } from '../src/index.js';
import { openFreshOrm, stamped, type FreshDatabase } from './support.js';

const run = promisify(execFile);
const child = resolve(import.meta.dirname, 'fixtures/increment-counter.mjs');
const ITERATIONS = 300;

let db: FreshDatabase;
let orm: MikroORM;

beforeAll(async () => {
  ({ db, orm } = await openFreshOrm('counter'));
});

afterAll(async () => {
  await orm.close(true);
  await db.remove();
});

describe('two processes on one database', () => {
  it('run concurrent read-then-write transactions without a busy error or a lost update', async () => {
    const em = orm.em.fork();
    const user = em.create(User, {
      username: 'counter',
      email: 'counter@example.com',
      passwordHash: 'x',
      ...stamped(),
    });
    const habit = em.create(Habit, { user, name: 'Counter', position: 0, ...stamped() });
    await em.flush();

    const workers = [1, 2].map(() =>
      run(process.execPath, [
        child,
        db.options.databaseUrl ?? db.options.databasePath,
        String(habit.id),
        String(ITERATIONS),
      ]),
    );
    const results = (await Promise.all(workers)).map((r) => JSON.parse(r.stdout) as { errors: string[] });

    expect(results.flatMap((r) => r.errors)).toEqual([]);
    const stored = await orm.em.fork().findOneOrFail(Habit, habit.id);
    expect(stored.position).toBe(2 * ITERATIONS);
  }, 60_000);
});
