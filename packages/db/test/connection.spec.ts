import { execFile } from 'node:child_process';
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { BUSY_TIMEOUT_MS, Habit, User, openOrm, pendingMigrations, type MikroORM } from '../src/index.js';
import { makeTempDatabase, openMigratedOrm, type TempDatabase, stamped } from './support.js';
import { sqliteMigrations as migrationsList } from '../src/migrations/sqlite/index.js';

const run = promisify(execFile);
const migrateScript = resolve(import.meta.dirname, '../dist/migrate.js');

let db: TempDatabase;
let orm: MikroORM | undefined;

beforeEach(() => {
  db = makeTempDatabase();
});

afterEach(async () => {
  await orm?.close(true);
  orm = undefined;
  db.remove();
});

const mode = (path: string) => statSync(path).mode & 0o777;

describe('createOrmConfig', () => {
  it('applies the WAL pragmas on every connection', async () => {
    orm = await openMigratedOrm(db.path);
    const connection = orm.em.getConnection();
    const pragma = async (name: string) => Object.values((await connection.execute(`pragma ${name}`))[0] ?? {})[0];
    expect(await pragma('journal_mode')).toBe('wal');
    expect(await pragma('synchronous')).toBe(1);
    expect(await pragma('foreign_keys')).toBe(1);
    expect(await pragma('busy_timeout')).toBe(BUSY_TIMEOUT_MS);
  });

  it('leaves the database file in WAL mode on disk', async () => {
    orm = await openMigratedOrm(db.path);
    await orm.close(true);
    orm = undefined;
    const header = Buffer.alloc(20);
    const fd = openSync(db.path, 'r');
    readSync(fd, header, 0, 20, 0);
    closeSync(fd);
    // Bytes 18 and 19 of the header are the file format write/read versions: 2 means WAL.
    expect([header[18], header[19]]).toEqual([2, 2]);
  });

  it('creates the data directory 0700 and the database, WAL and shared-memory files 0600', async () => {
    const previous = process.umask(0o022);
    try {
      orm = await openMigratedOrm(db.path);
      const em = orm.em.fork();
      em.create(User, { username: 'perm', email: 'perm@example.com', passwordHash: 'x', ...stamped() });
      await em.flush();
      expect(mode(resolve(db.path, '..'))).toBe(0o700);
      for (const suffix of ['', '-wal', '-shm']) expect(mode(db.path + suffix)).toBe(0o600);
    } finally {
      process.umask(previous);
    }
  });

  it('starts every transaction with BEGIN IMMEDIATE, so a reading transaction already holds the write lock', async () => {
    orm = await openMigratedOrm(db.path);
    const other = new Database(db.path, { timeout: 0 });
    try {
      await orm.em.fork().transactional(async (em) => {
        await em.find(Habit, {});
        expect(() => other.exec('begin immediate')).toThrow(/database is locked/);
      });
      expect(() => other.exec('begin immediate; rollback')).not.toThrow();
    } finally {
      other.close();
    }
  });
});

describe('migrations', () => {
  it('migrate an empty database to exactly the schema the entities describe', async () => {
    orm = await openMigratedOrm(db.path);
    expect(await pendingMigrations(orm)).toEqual([]);
    expect(await orm.schema.getUpdateSchemaSQL({ wrap: false })).toBe('');
  });

  it('lists every migration as pending on an empty database', async () => {
    orm = await openOrm({ databasePath: db.path });
    expect(await pendingMigrations(orm)).toEqual(migrationsList.map((migration) => migration.name));
  });

  it('keeps every stored day and its foreign key when the completions table is rebuilt for the new statuses', async () => {
    orm = await openOrm({ databasePath: db.path });
    await orm.migrator.up({ to: 'Migration20261201211919_Credentials' });
    const now = Date.now();
    await orm.em.execute(
      `insert into users (id, username, email, password_hash, created_at, updated_at) values (1, 'a', 'a@example.com', 'x', ${now}, ${now})`,
    );
    await orm.em.execute(
      `insert into habits (id, user_id, name, created_at, updated_at) values (1, 1, 'Read', ${now}, ${now})`,
    );
    await orm.em.execute(
      `insert into habit_completions (habit_id, completion_date, status, value, notes, created_at, updated_at)
       values (1, '2026-11-01', 'done', 1, 'kept', ${now}, ${now}), (1, '2026-11-02', 'skipped', 0, null, ${now}, ${now})`,
    );
    await orm.migrator.up();
    expect(
      await orm.em.execute(
        'select completion_date as date, status, notes from habit_completions order by completion_date',
      ),
    ).toEqual([
      { date: '2026-11-01', status: 'done', notes: 'kept' },
      { date: '2026-11-02', status: 'skipped', notes: null },
    ]);
    await orm.em.execute(
      `insert into habit_completions (habit_id, completion_date, status, value, notes, created_at, updated_at) values (1, '2026-11-03', 'missed', 0, 'Sick', ${now}, ${now})`,
    );
    await expect(
      orm.em.execute(
        `insert into habit_completions (habit_id, completion_date, status, value, created_at, updated_at) values (1, '2026-11-04', 'maybe', 0, ${now}, ${now})`,
      ),
    ).rejects.toThrow(/CHECK/);
    await orm.em.execute('delete from habits where id = 1');
    expect(await orm.em.execute('select count(*) as n from habit_completions')).toEqual([{ n: 0 }]);
  });

  it('runs from the migrate script, and a second run has nothing to do', async () => {
    const env = { ...process.env, DATABASE_PATH: db.path };
    const first = await run(process.execPath, [migrateScript], { env });
    expect(first.stdout).toMatch(`Applied ${migrationsList.length} migration(s)`);
    const second = await run(process.execPath, [migrateScript], { env });
    expect(second.stdout).toMatch(/is up to date/);
    const tables = new Database(db.path, { readonly: true })
      .prepare("select name from sqlite_master where type = 'table' order by name")
      .pluck()
      .all();
    expect(tables).toEqual(expect.arrayContaining(['users', 'habits', 'habit_completions', 'streaks']));
  });
});
