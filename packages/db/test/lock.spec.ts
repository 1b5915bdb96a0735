import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { DatabaseBusyError, User, isDatabaseBusy, migrateDatabase, openOrm, type MikroORM } from '../src/index.js';
import { makeTempDatabase, type TempDatabase, stamped } from './support.js';

/** Long enough to see waiting happen, short enough for a test; production waits 5 s. */
const LOCK_TIMEOUT_MS = 400;

let db: TempDatabase;
let orm: MikroORM;
let other: Database.Database;

beforeEach(async () => {
  db = makeTempDatabase();
  await migrateDatabase({ databasePath: db.path });
  orm = await openOrm({ databasePath: db.path, lockTimeoutMs: LOCK_TIMEOUT_MS });
  other = new Database(db.path, { timeout: 0 });
});

afterEach(async () => {
  if (other.inTransaction) other.exec('rollback');
  other.close();
  await orm.close(true);
  db.remove();
});

const addUser = (username: string) =>
  orm.em.fork().transactional(async (em) => {
    em.create(User, { username, email: `${username}@example.com`, passwordHash: 'x', ...stamped() });
  });

const countUsers = () => orm.em.fork().count(User, {});

describe('a write lock held by another process', () => {
  it('fails a transaction with DatabaseBusyError after the lock timeout, and the connection keeps working', async () => {
    other.exec('begin immediate');
    const failure = await addUser('first').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DatabaseBusyError);
    expect(isDatabaseBusy(failure)).toBe(true);
    expect((failure as DatabaseBusyError).waitedMs).toBeGreaterThanOrEqual(LOCK_TIMEOUT_MS);

    expect(await countUsers()).toBe(0);
    other.exec('rollback');
    await addUser('second');
    expect(await orm.em.fork().find(User, {}, { fields: ['username'] })).toEqual([
      expect.objectContaining({ username: 'second' }),
    ]);
  });

  it('lets reads run while writers wait for the lock', async () => {
    other.exec('begin immediate');
    let writerSettled = false;
    const writer = addUser('waiting').then(
      () => (writerSettled = true),
      () => (writerSettled = true),
    );
    expect(await countUsers()).toBe(0);
    expect(writerSettled).toBe(false);
    await writer;
  });

  it('gives every queued writer an answer, and all of them succeed once the lock is gone', async () => {
    other.exec('begin immediate');
    const queued = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => addUser(`queued${i}`)));
    expect(
      queued.every((outcome) => outcome.status === 'rejected' && outcome.reason instanceof DatabaseBusyError),
    ).toBe(true);
    other.exec('rollback');
    await Promise.all(Array.from({ length: 20 }, (_, i) => addUser(`later${i}`)));
    expect(await countUsers()).toBe(20);
  });

  it('waits for a lock released within the timeout instead of failing', async () => {
    other.exec('begin immediate');
    const writer = addUser('patient');
    // Released from a query the writer's own process answers first: the writer is already waiting by then.
    expect(await countUsers()).toBe(0);
    other.exec('rollback');
    await writer;
    expect(await countUsers()).toBe(1);
  });

  it('fails a transaction SQLite refuses for another reason at once, and the connection keeps working', async () => {
    const readonly = await openOrm({ databasePath: db.path, lockTimeoutMs: LOCK_TIMEOUT_MS });
    const handle = (await readonly.em.getConnection().getNativeClient()) as Database.Database;
    handle.pragma('query_only = 1');
    try {
      await expect(
        readonly.em
          .fork()
          .transactional(async (em) =>
            em.create(User, { username: 'ro', email: 'ro@example.com', passwordHash: 'x', ...stamped() }),
          ),
      ).rejects.toThrow(/readonly|read-only|query_only|attempt to write/i);
      expect(await readonly.em.fork().count(User, {})).toBe(0);
    } finally {
      await readonly.close(true);
    }
  });
});
