// A Loop Habit Tracker backup (schema 25) of `habits` habits × `days` days ending yesterday, for the import benchmark:
// daily, rolling and numeric habits, with skips, gaps and a few notes, as Loop's own backup holds them.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const DAY_MS = 86_400_000;

export function loopBackup({ habits, days, today }) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-loop-'));
  const path = join(dir, 'backup.db');
  const db = new Database(path);
  db.exec(`
    create table Habits (id integer primary key autoincrement, archived integer, color integer, description text, freq_den integer,
      freq_num integer, highlight integer, name text, position integer, reminder_hour integer, reminder_min integer, question text,
      type integer not null default 0, target_type integer not null default 0, target_value real not null default 0,
      unit text not null default '', reminder_days integer not null default 127, uuid text);
    create table Repetitions (id integer primary key autoincrement, habit integer not null references Habits(id),
      timestamp integer not null, value integer not null, notes text);
    pragma user_version = 25;
  `);
  const todayMs = Date.parse(`${today}T00:00:00Z`);
  const insertHabit = db.prepare(
    `insert into Habits (archived, color, description, freq_den, freq_num, highlight, name, position, question, type, target_type, target_value, unit, uuid)
     values (0, ?, '', ?, ?, 0, ?, ?, '', ?, 0, ?, ?, ?)`,
  );
  const insertRepetition = db.prepare('insert into Repetitions (habit, timestamp, value, notes) values (?, ?, ?, ?)');
  let repetitions = 0;
  db.transaction(() => {
    for (let h = 0; h < habits; h++) {
      const numeric = h % 5 === 4;
      const [num, den] = numeric
        ? [1, 1]
        : [
            [1, 1],
            [3, 7],
            [2, 10],
            [1, 1],
          ][h % 4];
      const { lastInsertRowid: id } = insertHabit.run(
        h % 20,
        den,
        num,
        `Habit ${h + 1}`,
        h,
        numeric ? 1 : 0,
        numeric ? 8 : 0,
        numeric ? 'glasses' : '',
        `bench-${h}`,
      );
      for (let back = days; back >= 1; back--) {
        const seed = (back * 31 + h * 17) % 100;
        if (seed < 30) continue;
        const value = numeric ? (seed % 12) * 1000 : seed < 34 ? 3 : 2;
        insertRepetition.run(id, todayMs - back * DAY_MS, value, seed === 99 ? `note ${back}` : null);
        repetitions++;
      }
    }
  })();
  db.close();
  const bytes = readFileSync(path);
  rmSync(dir, { recursive: true, force: true });
  return { bytes, repetitions };
}
