import { Migration } from '@mikro-orm/migrations';

const EVENTS = { insert: ['new.`habit_id`'], update: ['old.`habit_id`', 'new.`habit_id`'], delete: ['old.`habit_id`'] };

/** `habits.records_version`, raised by the database on every change of a habit's records, whoever makes it. */
export class Migration20261203130141_HabitRecordsVersion extends Migration {
  override name = 'Migration20261203130141_HabitRecordsVersion';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`habits\` add column \`records_version\` integer not null default 0;`);
    for (const [event, habits] of Object.entries(EVENTS)) {
      this.addSql(
        `create trigger \`habit_completions_records_version_${event}\` after ${event} on \`habit_completions\` begin ` +
          `update \`habits\` set \`records_version\` = \`records_version\` + 1 where \`id\` in (${habits.join(', ')}); end;`,
      );
    }
  }

  override down(): void | Promise<void> {
    for (const event of Object.keys(EVENTS)) {
      this.addSql(`drop trigger if exists \`habit_completions_records_version_${event}\`;`);
    }
    this.addSql(`alter table \`habits\` drop column \`records_version\`;`);
  }
}
