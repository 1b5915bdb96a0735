import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  CheckConstraintViolationException,
  ForeignKeyConstraintViolationException,
  NotNullConstraintViolationException,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import { Completion, Habit, Streak, User, assignChanges, type EntityManager, type MikroORM } from '../src/index.js';
import { openFreshOrm, stamped, type FreshDatabase } from './support.js';

let db: FreshDatabase;
let orm: MikroORM;
let em: EntityManager;
let sequence = 0;

function makeUser(overrides: Partial<Pick<User, 'username' | 'email'>> = {}): User {
  sequence += 1;
  return em.create(User, {
    username: `user${sequence}`,
    email: `user${sequence}@example.com`,
    passwordHash: 'hash',
    ...stamped(),
    ...overrides,
  });
}

async function makeHabitWithHistory(): Promise<{ user: User; habit: Habit }> {
  const user = makeUser();
  const habit = em.create(Habit, { user, name: 'Read', ...stamped() });
  em.create(Completion, { habit, date: '2026-01-01', ...stamped() });
  em.create(Completion, { habit, date: '2026-01-02', status: 'skipped', ...stamped() });
  em.create(Streak, { habit, asOf: '2026-01-02', current: 2, longest: 2, ...stamped() });
  await em.flush();
  return { user, habit };
}

beforeAll(async () => {
  ({ db, orm } = await openFreshOrm('constraints'));
});

afterAll(async () => {
  await orm.close(true);
  await db.remove();
});

beforeEach(() => {
  em = orm.em.fork();
});

describe('database constraints', () => {
  it('rejects a second completion for the same habit and date', async () => {
    const { habit } = await makeHabitWithHistory();
    const raw = em;
    await expect(
      raw.execute(
        "insert into habit_completions (habit_id, completion_date, created_at, updated_at) values (?, '2026-01-01', current_timestamp, current_timestamp)",
        [habit.id],
      ),
    ).rejects.toBeInstanceOf(UniqueConstraintViolationException);
  });

  it('rejects a completion for a habit that does not exist', async () => {
    await expect(
      em.insert(Completion, { habit: 999_999, date: '2026-01-01', createdAt: new Date(), updatedAt: new Date() }),
    ).rejects.toBeInstanceOf(ForeignKeyConstraintViolationException);
  });

  it('deletes habits, completions and streaks with their user', async () => {
    const { user, habit } = await makeHabitWithHistory();
    await em.execute('delete from users where id = ?', [user.id]);
    const count = async (table: string) =>
      (
        await em
          .getConnection()
          .execute<{ n: number | string }[]>(`select count(*) as n from ${table} where habit_id = ?`, [habit.id])
      ).map((row) => Number(row.n))[0];
    expect(await count('habit_completions')).toBe(0);
    expect(await count('streaks')).toBe(0);
    const habits = await em.execute('select id from habits where id = ?', [habit.id]);
    expect(habits).toEqual([]);
  });

  it('deletes completions and the streak with their habit', async () => {
    const { habit } = await makeHabitWithHistory();
    await em.execute('delete from habits where id = ?', [habit.id]);
    const rows = await em.execute(
      'select habit_id from habit_completions where habit_id = ? union all select habit_id from streaks where habit_id = ?',
      [habit.id, habit.id],
    );
    expect(rows).toEqual([]);
  });

  it.each([
    ['habits', 'type', "'sometimes'"],
    ['habits', 'goal_type', "'monthly'"],
    ['habits', 'target_type', "'exactly'"],
    ['habits', 'times_per_period', '0'],
    ['habits', 'period_days', '366'],
    ['habits', 'target_value', '-1'],
    ['users', 'day_start_minutes', '1440'],
    ['users', 'week_start', '0'],
    ['habit_completions', 'status', "'maybe'"],
    ['habit_completions', 'value', '-0.5'],
  ])('rejects %s.%s = %s', async (table, column, value) => {
    await makeHabitWithHistory();
    await expect(em.execute(`update ${table} set ${column} = ${value}`)).rejects.toBeInstanceOf(
      CheckConstraintViolationException,
    );
  });

  it('rejects more times per period than days in the period', async () => {
    const { habit } = await makeHabitWithHistory();
    await expect(
      em.execute('update habits set goal_type = ?, times_per_period = 3, period_days = 2 where id = ?', [
        'custom',
        habit.id,
      ]),
    ).rejects.toBeInstanceOf(CheckConstraintViolationException);
  });

  it('treats e-mail addresses that differ only in case as duplicates', async () => {
    makeUser({ email: 'Ada@Example.com' });
    await em.flush();
    makeUser({ email: 'ada@example.COM' });
    await expect(em.flush()).rejects.toBeInstanceOf(UniqueConstraintViolationException);
  });

  it('rejects a duplicate username', async () => {
    makeUser({ username: 'grace' });
    await em.flush();
    makeUser({ username: 'grace' });
    await expect(em.flush()).rejects.toBeInstanceOf(UniqueConstraintViolationException);
  });

  it('requires a completion date', async () => {
    const { habit } = await makeHabitWithHistory();
    await expect(
      em.execute(
        'insert into habit_completions (habit_id, created_at, updated_at) values (?, current_timestamp, current_timestamp)',
        [habit.id],
      ),
    ).rejects.toBeInstanceOf(NotNullConstraintViolationException);
  });

  it("stamps updatedAt with the caller's clock when a change is assigned, and only then", async () => {
    const { user, habit } = await makeHabitWithHistory();
    const now = new Date('2031-05-06T07:08:09Z');
    expect(assignChanges(em, habit, { name: habit.name }, now)).toBe(false);
    // Dates compare by instant, not by object.
    expect(assignChanges(em, habit, { createdAt: new Date(habit.createdAt.getTime()) }, now)).toBe(false);
    expect(habit.updatedAt.getTime()).not.toBe(now.getTime());
    expect(assignChanges(em, habit, { name: 'Read more' }, now)).toBe(true);
    expect(assignChanges(em, user, { timezone: 'Europe/Berlin' }, now)).toBe(true);
    await em.flush();
    const fresh = orm.em.fork();
    for (const stored of [await fresh.findOneOrFail(Habit, habit.id), await fresh.findOneOrFail(User, user.id)]) {
      expect(stored.updatedAt.toISOString()).toBe('2031-05-06T07:08:09.000Z');
    }
  });

  it('reads a completion date back as the calendar date it was stored as', async () => {
    const { habit } = await makeHabitWithHistory();
    const fresh = orm.em.fork();
    const completions = await fresh.find(Completion, { habit: habit.id }, { orderBy: { date: 'asc' } });
    expect(completions.map((c) => [c.date, c.status, c.value])).toEqual([
      ['2026-01-01', 'done', 1],
      ['2026-01-02', 'skipped', 1],
    ]);
  });
});
