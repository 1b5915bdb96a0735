import { describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { cachePreparedStatements } from '../src/sqlite-driver.js';

function cachedDatabase(limit: number) {
  const database = new Database(':memory:');
  cachePreparedStatements(database, limit);
  database.exec('create table t (n integer)');
  database.prepare('insert into t (n) values (?), (?), (?)').run(1, 2, 3);
  return database;
}

describe('cached prepared statements', () => {
  it('hands out the same statement for the same text, and it still answers correctly', () => {
    const database = cachedDatabase(10);
    const first = database.prepare('select n from t where n > ? order by n');
    const second = database.prepare('select n from t where n > ? order by n');
    expect(second).toBe(first);
    expect(second.all(1)).toEqual([{ n: 2 }, { n: 3 }]);
    expect(database.prepare('select count(*) as c from t').get()).toEqual({ c: 3 });
  });

  it('never hands out a statement that is still iterating', () => {
    const database = cachedDatabase(10);
    const sql = 'select n from t order by n';
    const seen: number[] = [];
    for (const row of database.prepare(sql).iterate() as Iterable<{ n: number }>) {
      const inner = database.prepare(sql);
      expect(inner.busy).toBe(false);
      seen.push(row.n, (inner.all() as { n: number }[]).length);
    }
    expect(seen).toEqual([1, 3, 2, 3, 3, 3]);
  });

  it('drops the least recently used text when full', () => {
    const database = cachedDatabase(2);
    const a = database.prepare('select 1');
    const b = database.prepare('select 2');
    expect(database.prepare('select 1')).toBe(a);
    database.prepare('select 3');
    expect(database.prepare('select 1')).toBe(a);
    expect(database.prepare('select 2')).not.toBe(b);
  });
});
