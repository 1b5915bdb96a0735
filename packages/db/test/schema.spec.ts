import { afterEach, describe, expect, it } from '@jest/globals';
import { openOrm, pendingMigrations, postgresqlMigrations, sqliteMigrations, type MikroORM } from '../src/index.js';
import { freshDatabase, openFreshOrm, testEngine, type FreshDatabase } from './support.js';

/** Runs on the suite's engine; the PostgreSQL projects run it again there (see jest.config.mjs). */
describe(`migrations on ${testEngine()}`, () => {
  let db: FreshDatabase | undefined;
  let orm: MikroORM | undefined;
  afterEach(async () => {
    await orm?.close(true);
    await db?.remove();
    orm = db = undefined;
  });

  it('migrate an empty database to exactly the schema the entities describe', async () => {
    ({ db, orm } = await openFreshOrm('schema'));
    expect(await pendingMigrations(orm)).toEqual([]);
    expect(await orm.schema.getUpdateSchemaSQL({ wrap: false })).toBe('');
  });

  it("list this engine's migrations as pending on an empty database", async () => {
    db = await freshDatabase('pending');
    orm = await openOrm(db.options);
    const list = testEngine() === 'postgresql' ? postgresqlMigrations : sqliteMigrations;
    expect(await pendingMigrations(orm)).toEqual(list.map((migration) => migration.name));
  });
});

describe('the two engines', () => {
  it('have the same migrations, by name and in order, so both report one history', () => {
    expect(postgresqlMigrations.map((migration) => migration.name)).toEqual(
      sqliteMigrations.map((migration) => migration.name),
    );
  });
});
