import { Migration } from '@mikro-orm/migrations';

export class Migration20261201233654_LoopFidelity extends Migration {
  override name = 'Migration20261201233654_LoopFidelity';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`habits\` add column \`question\` text null;`);

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`habit_completions__temp_alter\` (\`id\` integer not null primary key autoincrement, \`habit_id\` integer not null, \`completion_date\` date not null, \`status\` text check (\`status\` in ('done', 'skipped', 'missed', 'unmarked')) not null default 'done', \`value\` double check (value >= 0) not null default 1, \`notes\` text null, \`created_at\` datetime not null, \`updated_at\` datetime not null, constraint \`habit_completions_habit_id_foreign\` foreign key (\`habit_id\`) references \`habits\` (\`id\`) on delete cascade);`,
    );
    this.addSql(
      `insert into \`habit_completions__temp_alter\` select \`id\`, \`habit_id\`, \`completion_date\`, \`status\`, \`value\`, \`notes\`, \`created_at\`, \`updated_at\` from \`habit_completions\`;`,
    );
    this.addSql(`drop table \`habit_completions\`;`);
    this.addSql(`alter table \`habit_completions__temp_alter\` rename to \`habit_completions\`;`);
    this.addSql(`create index \`habit_completions_habit_id_index\` on \`habit_completions\` (\`habit_id\`);`);
    this.addSql(
      `create index \`habit_completions_completion_date_index\` on \`habit_completions\` (\`completion_date\`);`,
    );
    this.addSql(
      `create unique index \`habit_completions_habit_id_completion_date_unique\` on \`habit_completions\` (\`habit_id\`, \`completion_date\`);`,
    );
    this.addSql(`pragma foreign_keys = on;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(
      `create table \`habit_completions__temp_alter\` (\`id\` integer not null primary key autoincrement, \`habit_id\` INTEGER not null, \`completion_date\` date not null, \`status\` TEXT check (\`status\` in ('done', 'skipped')) not null default 'done', \`value\` double check (value >= 0) not null default 1, \`notes\` TEXT null, \`created_at\` datetime not null, \`updated_at\` datetime not null, constraint \`habit_completions_habit_id_foreign\` foreign key (\`habit_id\`) references \`habits\` (\`id\`) on update no action on delete cascade);`,
    );
    this.addSql(
      `insert into \`habit_completions__temp_alter\` select \`id\`, \`habit_id\`, \`completion_date\`, \`status\`, \`value\`, \`notes\`, \`created_at\`, \`updated_at\` from \`habit_completions\`;`,
    );
    this.addSql(`drop table \`habit_completions\`;`);
    this.addSql(`alter table \`habit_completions__temp_alter\` rename to \`habit_completions\`;`);
    this.addSql(
      `create unique index \`habit_completions_habit_id_completion_date_unique\` on \`habit_completions\` (\`habit_id\`, \`completion_date\`);`,
    );
    this.addSql(
      `create index \`habit_completions_completion_date_index\` on \`habit_completions\` (\`completion_date\`);`,
    );
    this.addSql(`create index \`habit_completions_habit_id_index\` on \`habit_completions\` (\`habit_id\`);`);
    this.addSql(`pragma foreign_keys = on;`);

    this.addSql(`alter table \`habits\` drop column \`question\`;`);
  }
}
