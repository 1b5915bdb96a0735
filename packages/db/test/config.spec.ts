import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { MikroORM } from '@mikro-orm/core';
import { MikroORM as SqliteMikroORM } from '@mikro-orm/sqlite';
import {
  DEFAULT_DATABASE_PATH,
  DEFAULT_POOL_SIZE,
  assertSupportedNode,
  createOrmConfig,
  databasePathFromEnv,
  databaseUrlFromEnv,
  describeDatabase,
  prepareDatabaseFile,
} from '../src/index.js';
import { StreakforgePostgreSqlDriver, declaredForm } from '../src/postgresql-driver.js';
import { StreakforgeSqliteDriver } from '../src/sqlite-driver.js';
import { makeTempDatabase } from './support.js';

afterEach(() => {
  jest.restoreAllMocks();
});

describe(databasePathFromEnv.name, () => {
  it('defaults to ./data/streakforge.db under the directory npm was run in', () => {
    expect(databasePathFromEnv({ INIT_CWD: '/srv/app' })).toBe('/srv/app/data/streakforge.db');
  });

  it('resolves a relative path against INIT_CWD, else the working directory', () => {
    expect(databasePathFromEnv({ INIT_CWD: '/srv/app', DATABASE_PATH: 'db/x.db' })).toBe('/srv/app/db/x.db');
    expect(databasePathFromEnv({ DATABASE_PATH: 'x.db' })).toBe(resolve('x.db'));
  });

  it('keeps absolute paths and :memory:, and ignores a blank value', () => {
    expect(databasePathFromEnv({ DATABASE_PATH: '/var/lib/sf.db', INIT_CWD: '/srv' })).toBe('/var/lib/sf.db');
    expect(databasePathFromEnv({ DATABASE_PATH: ':memory:' })).toBe(':memory:');
    expect(databasePathFromEnv({ DATABASE_PATH: '  ', INIT_CWD: '/srv' })).toBe('/srv/data/streakforge.db');
  });
});

describe(databaseUrlFromEnv.name, () => {
  it('takes a postgres:// or postgresql:// address, nothing for SQLite, and names any other scheme as a problem', () => {
    const problems: string[] = [];
    expect(databaseUrlFromEnv({}, problems)).toBeUndefined();
    expect(databaseUrlFromEnv({ DATABASE_URL: '  ' }, problems)).toBeUndefined();
    expect(databaseUrlFromEnv({ DATABASE_URL: 'postgres://db/app' }, problems)).toBe('postgres://db/app');
    expect(databaseUrlFromEnv({ DATABASE_URL: ' postgresql://u@db:5432/app ' }, problems)).toBe(
      'postgresql://u@db:5432/app',
    );
    expect(problems).toEqual([]);
    databaseUrlFromEnv({ DATABASE_URL: 'sqlite:///data/app.db' }, problems);
    expect(problems).toEqual([expect.stringMatching(/DATABASE_URL must be a postgresql:\/\/ address/)]);
  });
});

describe(describeDatabase.name, () => {
  it('names the database for logs without its password', () => {
    expect(describeDatabase({})).toBe(DEFAULT_DATABASE_PATH);
    expect(describeDatabase({ databasePath: '/srv/app.db' })).toBe('/srv/app.db');
    expect(describeDatabase({ databasePath: '/srv/app.db', databaseUrl: 'postgresql://app:s3cret@db:5432/sf' })).toBe(
      'postgresql://app:***@db:5432/sf',
    );
    expect(describeDatabase({ databaseUrl: 'postgresql://app@db/sf' })).toBe('postgresql://app@db/sf');
    expect(describeDatabase({ databaseUrl: 'postgresql://[bad' })).toBe('postgresql (address not shown)');
  });
});

describe(declaredForm.name, () => {
  it("undoes PostgreSQL's rewrites of a check body: between, and casts of literals", () => {
    expect(declaredForm('(score >= (0)::double precision) AND (score <= (1)::double precision)')).toBe(
      'score between 0 and 1',
    );
    expect(declaredForm('(week_start >= 1) AND (week_start <= 7)')).toBe('week_start between 1 and 7');
    expect(declaredForm('(target_value IS NULL) OR (target_value >= (0)::double precision)')).toBe(
      '(target_value IS NULL) OR (target_value >= 0)',
    );
    expect(declaredForm('(a >= 1) AND (b <= 2)')).toBe('(a >= 1) AND (b <= 2)');
  });
});

describe(createOrmConfig.name, () => {
  it('uses PostgreSQL with a bounded pool when given an address, and creates no SQLite file', async () => {
    const config = await createOrmConfig({
      databaseUrl: 'postgresql://app@db:5432/sf',
      databasePath: '/nonexistent/x.db',
    });
    expect(config).toMatchObject({
      driver: StreakforgePostgreSqlDriver,
      clientUrl: 'postgresql://app@db:5432/sf',
      pool: { min: 0, max: DEFAULT_POOL_SIZE },
    });
    expect(existsSync('/nonexistent')).toBe(false);
  });

  it('reads DATABASE_PATH when given no path, creating the missing data directory', async () => {
    const db = makeTempDatabase();
    const saved = process.env['DATABASE_PATH'];
    process.env['DATABASE_PATH'] = db.path;
    try {
      expect(await createOrmConfig()).toMatchObject({ dbName: db.path, debug: false });
      expect(existsSync(db.path)).toBe(true);
    } finally {
      if (saved === undefined) delete process.env['DATABASE_PATH'];
      else process.env['DATABASE_PATH'] = saved;
      db.remove();
    }
  });

  it('uses the BEGIN IMMEDIATE driver and leaves an in-memory database alone', async () => {
    expect(prepareDatabaseFile(':memory:')).toBe(':memory:');
    const config = await createOrmConfig({ databasePath: ':memory:', debug: true });
    expect(config).toMatchObject({ driver: StreakforgeSqliteDriver, dbName: ':memory:', debug: true });
    const orm = await MikroORM.init({ ...config, debug: false });
    try {
      expect(orm.driver.getORMClass()).toBe(SqliteMikroORM);
      expect(
        (orm.driver.getPlatform() as unknown as { getBeginTransactionSQL(): string[] }).getBeginTransactionSQL(),
      ).toEqual(['begin immediate']);
    } finally {
      await orm.close(true);
    }
  });
});

describe(assertSupportedNode.name, () => {
  it('checks the running Node by default', () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation(() => undefined as never);
    assertSupportedNode();
    expect(exit).not.toHaveBeenCalled();
  });

  it.each(['22.17.0', '22.20.1', '24.21.0', '26.0.0'])('lets Node %s through', (version) => {
    const exit = jest.spyOn(process, 'exit').mockImplementation(() => undefined as never);
    assertSupportedNode(version);
    expect(exit).not.toHaveBeenCalled();
  });

  it.each(['20.20.2', '22.16.9', '18.0.0'])('stops on Node %s with a clear message', (version) => {
    const exit = jest.spyOn(process, 'exit').mockImplementation(() => undefined as never);
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    assertSupportedNode(version);
    expect(exit).toHaveBeenCalledWith(1);
    expect(String(error.mock.calls[0]?.[0])).toMatch(
      new RegExp(`needs Node 22\\.17 or newer .* this is Node ${version.replaceAll('.', '\\.')}`),
    );
  });
});
