import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Habit, User, habitDays, storedDay, upsertCompletionDays, type MikroORM } from '../src/index.js';
import { prepared } from '../src/tables.js';
import { openFreshOrm, stamped, type FreshDatabase } from './support.js';

const day = (date: string, notes: string | null = null) => ({ date, status: 'done' as const, value: 1, notes });

/** The query modules run on the caller's entity manager: inside its transaction when there is one. */
describe('query functions and transactions', () => {
  let db: FreshDatabase;
  let orm: MikroORM;
  let habitId: number;
  const now = new Date('2026-11-24T12:00:00Z');

  beforeEach(async () => {
    ({ db, orm } = await openFreshOrm('statements'));
    const em = orm.em.fork();
    const user = em.create(User, { username: 'tx', email: 'tx@example.org', passwordHash: 'x', ...stamped() });
    const habit = em.create(Habit, { user, name: 'Read', ...stamped() });
    await em.flush();
    habitId = habit.id;
  });
  afterEach(async () => {
    await orm.close(true);
    await db.remove();
  });

  const dates = async () => (await habitDays(orm.em.fork(), habitId)).map((row) => row.date);

  it("write inside the caller's transaction: kept on commit, gone on rollback", async () => {
    await orm.em.fork().transactional((em) => upsertCompletionDays(em, [{ habitId, ...day('2026-11-01') }], now));
    await expect(
      orm.em.fork().transactional(async (em) => {
        await upsertCompletionDays(em, [{ habitId, ...day('2026-11-02') }], now);
        expect((await habitDays(em, habitId)).map((row) => row.date)).toEqual(['2026-11-01', '2026-11-02']);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await dates()).toEqual(['2026-11-01']);
  });

  it("keep a transaction's writes from readers outside it until it commits", async () => {
    let outside: Promise<string[]> | undefined;
    await expect(
      orm.em.fork().transactional(async (em) => {
        await upsertCompletionDays(em, [{ habitId, ...day('2026-11-03') }], now);
        outside = dates();
        await new Promise((resolve) => setTimeout(resolve, 50));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await outside).toEqual([]);
  });

  it('replace a stored day with new values and keep it once', async () => {
    for (const notes of ['first', 'second', 'third']) {
      await orm.em
        .fork()
        .transactional((em) => upsertCompletionDays(em, [{ habitId, ...day('2026-11-04', notes) }], now));
    }
    expect(await habitDays(orm.em.fork(), habitId)).toEqual([{ ...day('2026-11-04', 'third') }]);
  });

  it('run a prepared statement with new values each time, as the builder would', async () => {
    const built: string[] = [];
    const notesOf = prepared((db, id: number, date: string) => {
      built.push(date);
      return db
        .selectFrom('habit_completions')
        .select('notes')
        .where('habit_id', '=', id)
        .where('completion_date', '=', date);
    });
    await orm.em.fork().transactional((em) =>
      upsertCompletionDays(
        em,
        [
          { habitId, ...day('2026-11-05', 'five') },
          { habitId, ...day('2026-11-06', 'six') },
        ],
        now,
      ),
    );
    const em = orm.em.fork();
    expect(await notesOf(em, habitId, '2026-11-05')).toEqual([{ notes: 'five' }]);
    expect(await notesOf(em, habitId, '2026-11-06')).toEqual([{ notes: 'six' }]);
    expect(await notesOf(em, habitId + 1, '2026-11-06')).toEqual([]);
    // Built once, with stand-ins for the values.
    expect(built).toHaveLength(1);
    expect(built[0]).not.toBe('2026-11-05');
    // The single-day upsert is prepared too: a second write of the day replaces it and keeps its creation.
    const later = new Date('2026-11-25T08:00:00Z');
    await orm.em
      .fork()
      .transactional((em) => upsertCompletionDays(em, [{ habitId, ...day('2026-11-05', 'again') }], later));
    expect(await storedDay(orm.em.fork(), habitId, '2026-11-05')).toMatchObject({
      notes: 'again',
      createdAt: now,
      updatedAt: later,
    });
  });

  it('write any number of days each once with its own values, across the prepared statement sizes', async () => {
    const dateAt = (i: number) => new Date(Date.UTC(2000, 0, 1 + i)).toISOString().slice(0, 10);
    const daysFrom = (first: number, count: number, label: string) =>
      Array.from({ length: count }, (_, i) => ({
        habitId,
        date: dateAt(first + i),
        status: 'done' as const,
        value: first + i,
        notes: `${label} ${first + i}`,
      }));
    const later = new Date('2026-11-25T08:00:00Z');
    let written = 0;
    for (const count of [2, 99, 100, 101, 1_099, 5_123]) {
      const days = daysFrom(written, count, 'first');
      await orm.em.fork().transactional((em) => upsertCompletionDays(em, days, now));
      written += count;
    }
    // Rewrites overlap days written in different statements: each replaced in place, its creation kept.
    const rewritten = daysFrom(50, 4_321, 'second');
    await orm.em.fork().transactional((em) => upsertCompletionDays(em, rewritten, later));
    const stored = await habitDays(orm.em.fork(), habitId);
    const expected = daysFrom(0, written, 'first').map(({ habitId: _, ...rest }, i) =>
      i >= 50 && i < 50 + 4_321 ? { ...rest, notes: `second ${i}` } : rest,
    );
    expect(stored).toEqual(expected);
    expect(await storedDay(orm.em.fork(), habitId, dateAt(4_370))).toMatchObject({ createdAt: now, updatedAt: later });
    expect(await storedDay(orm.em.fork(), habitId, dateAt(4_371))).toMatchObject({ createdAt: now, updatedAt: now });
  });
});
