import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RequiredEntityData } from '@mikro-orm/sqlite';
import { Completion, Habit, User, type MikroORM } from '../src/index.js';
import { makeTempDatabase, openMigratedOrm, type TempDatabase, stamped } from './support.js';

const HABITS = 1_000;
const DAYS = 3 * 365 + 1;
const BATCH = 5_000;
const FIRST_DAY = Date.UTC(2023, 0, 1);

let db: TempDatabase;
let orm: MikroORM;

beforeAll(async () => {
  db = makeTempDatabase();
  orm = await openMigratedOrm(db.path);
});

afterAll(async () => {
  await orm.close(true);
  db.remove();
});

function isoDay(offset: number): string {
  return new Date(FIRST_DAY + offset * 86_400_000).toISOString().slice(0, 10);
}

describe('scale smoke', () => {
  it('loads three years of daily completions for 1,000 habits and answers streak queries from the index', async () => {
    const em = orm.em.fork();
    const user = em.create(User, { username: 'heavy', email: 'heavy@example.com', passwordHash: 'x', ...stamped() });
    await em.flush();
    await em.insertMany(
      Habit,
      Array.from({ length: HABITS }, (_, i) => ({
        user: user.id,
        name: `Habit ${i}`,
        position: i,
        createdAt: new Date(FIRST_DAY),
        updatedAt: new Date(FIRST_DAY),
      })),
    );
    const habitIds = (await em.find(Habit, { user }, { fields: ['id'], orderBy: { id: 'asc' } })).map((h) => h.id);
    expect(habitIds).toHaveLength(HABITS);
    const dates = Array.from({ length: DAYS }, (_, d) => isoDay(d));
    const now = new Date();
    let batch: RequiredEntityData<Completion>[] = [];
    for (const habitId of habitIds) {
      for (const date of dates) {
        batch.push({ habit: habitId, date, status: 'done', value: 1, createdAt: now, updatedAt: now });
        if (batch.length === BATCH) {
          await em.transactional((tx) => tx.insertMany(Completion, batch));
          batch = [];
        }
      }
    }
    if (batch.length > 0) await em.transactional((tx) => tx.insertMany(Completion, batch));

    const connection = em.getConnection();
    const [{ n }] = (await connection.execute('select count(*) n from habit_completions')) as [{ n: number }];
    expect(n).toBe(HABITS * DAYS);

    const streakQuery =
      'select completion_date, status, value from habit_completions where habit_id = ? and completion_date >= ? order by completion_date';
    const plan = await connection.execute<{ detail: string }[]>(`explain query plan ${streakQuery}`, [
      habitIds[0],
      '2025-01-01',
    ]);
    expect(plan.map((row) => row.detail).join('\n')).toMatch(
      /SEARCH habit_completions USING INDEX habit_completions_habit_id_completion_date_unique \(habit_id=\? AND completion_date>\?\)/,
    );
    const byDate = await connection.execute<{ detail: string }[]>(
      'explain query plan select habit_id from habit_completions where completion_date = ?',
      ['2025-01-01'],
    );
    expect(byDate.map((row) => row.detail).join('\n')).toMatch(
      /USING (COVERING )?INDEX habit_completions_completion_date_index/,
    );
    const habitsPlan = await connection.execute<{ detail: string }[]>(
      'explain query plan select id from habits where user_id = ?',
      [user.id],
    );
    expect(habitsPlan.map((row) => row.detail).join('\n')).toMatch(/USING (COVERING )?INDEX habits_user_id_index/);

    const rows = await connection.execute(streakQuery, [habitIds[HABITS - 1], isoDay(DAYS - 7)]);
    expect(rows).toHaveLength(7);
  }, 120_000);
});
