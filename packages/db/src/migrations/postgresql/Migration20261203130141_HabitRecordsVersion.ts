import { Migration } from '@mikro-orm/migrations';

/** Transition tables: one statement's rows, so a batch of a thousand days raises each habit once, not per row. */
const EVENTS = { insert: 'new', update: 'new', delete: 'old' };

/** `habits.records_version`, raised by the database on every change of a habit's records, whoever makes it. */
export class Migration20261203130141_HabitRecordsVersion extends Migration {
  override name = 'Migration20261203130141_HabitRecordsVersion';

  override up(): void | Promise<void> {
    this.addSql(`alter table "habits" add "records_version" int not null default 0;`);
    this.addSql(
      `create function "raise_habit_records_version"() returns trigger language plpgsql as $$ begin ` +
        `update "habits" set "records_version" = "records_version" + 1 ` +
        `where "id" in (select "habit_id" from "changed_records"); return null; end $$;`,
    );
    // A record's habit_id never changes, so an update's new rows name every habit it touched.
    for (const [event, rows] of Object.entries(EVENTS)) {
      this.addSql(
        `create trigger "habit_completions_records_version_${event}" after ${event} on "habit_completions" ` +
          `referencing ${rows} table as "changed_records" for each statement execute function "raise_habit_records_version"();`,
      );
    }
  }

  override down(): void | Promise<void> {
    for (const event of Object.keys(EVENTS)) {
      this.addSql(`drop trigger if exists "habit_completions_records_version_${event}" on "habit_completions";`);
    }
    this.addSql(`drop function if exists "raise_habit_records_version"();`);
    this.addSql(`alter table "habits" drop column "records_version";`);
  }
}
