import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { sqlRows, type MikroORM } from '../src/index.js';
import { makeTempDatabase, openMigratedOrm, type TempDatabase } from './support.js';

const INSERT_USER = 'insert into users (username, email, password_hash, created_at, updated_at) values (?, ?, ?, ?, ?)';
const COUNT_USERS = 'select count(*) as n from users';

describe('sqlRows', () => {
  let db: TempDatabase;
  let orm: MikroORM;

  beforeEach(async () => {
    db = makeTempDatabase();
    orm = await openMigratedOrm(db.path);
  });
  afterEach(async () => {
    await orm.close(true);
    db.remove();
  });

  it("writes inside the caller's transaction: kept on commit, gone on rollback", async () => {
    await orm.em.fork().transactional((em) => sqlRows(em, INSERT_USER, ['kept', 'kept@example.org', 'x', 1, 1]));
    await expect(
      orm.em.fork().transactional(async (em) => {
        await sqlRows(em, INSERT_USER, ['dropped', 'dropped@example.org', 'x', 1, 1]);
        expect(await sqlRows(em, 'select username from users order by id', [])).toEqual([
          { username: 'kept' },
          { username: 'dropped' },
        ]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await sqlRows(orm.em.fork(), 'select username from users', [])).toEqual([{ username: 'kept' }]);
  });

  it('keeps other work out of an open transaction: a query started meanwhile runs after it ends', async () => {
    let outside: Promise<{ n: number }[]> | undefined;
    await expect(
      orm.em.fork().transactional(async (em) => {
        await sqlRows(em, INSERT_USER, ['pending', 'pending@example.org', 'x', 1, 1]);
        outside = sqlRows<{ n: number }>(orm.em.fork(), COUNT_USERS, []);
        await new Promise((resolve) => setTimeout(resolve, 50));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await outside).toEqual([{ n: 0 }]);
  });

  it('binds the same text with new values each time', async () => {
    await orm.em.fork().transactional(async (em) => {
      for (const name of ['a1', 'b2', 'c3']) await sqlRows(em, INSERT_USER, [name, `${name}@example.org`, 'x', 1, 1]);
    });
    expect(
      await sqlRows(orm.em.fork(), 'select username from users where username > ? order by username', ['a1']),
    ).toEqual([{ username: 'b2' }, { username: 'c3' }]);
  });
});
