import { Migration } from '@mikro-orm/migrations';

export class Migration20261124025843_Initial extends Migration {
  override name = 'Migration20261124025843_Initial';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`users\` (\`id\` integer not null primary key autoincrement, \`username\` text not null, \`email\` text not null, \`password_hash\` text not null, \`timezone\` text not null default 'UTC', \`day_start_minutes\` integer check (day_start_minutes between 0 and 1439) not null default 0, \`week_start\` integer check (week_start between 1 and 7) not null default 1, \`created_at\` datetime not null, \`updated_at\` datetime not null);`,
    );
    this.addSql(`create unique index \`users_username_unique\` on \`users\` (\`username\`);`);
    this.addSql(`create unique index \`users_email_lower_unique\` on \`users\` (lower(\`email\`));`);

    this.addSql(
      `create table \`habits\` (\`id\` integer not null primary key autoincrement, \`user_id\` integer not null, \`name\` text not null, \`description\` text null, \`category\` text null, \`color\` text null, \`type\` text check (\`type\` in ('boolean', 'numeric')) not null default 'boolean', \`goal_type\` text check (\`goal_type\` in ('daily', 'weekly', 'custom')) not null default 'daily', \`times_per_period\` integer check (times_per_period between 1 and 365) not null default 1, \`period_days\` integer check (period_days between 1 and 365) not null default 1, \`target_value\` double null, \`target_type\` text check (\`target_type\` in ('at_least', 'at_most')) not null default 'at_least', \`unit\` text null, \`position\` integer not null default 0, \`archived\` integer not null default false, \`created_at\` datetime not null, \`updated_at\` datetime not null, constraint \`habits_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on delete cascade, constraint \`habits_times_within_period_check\` check (times_per_period <= period_days), constraint \`habits_target_value_check\` check (target_value is null or target_value >= 0));`,
    );
    this.addSql(`create index \`habits_user_id_index\` on \`habits\` (\`user_id\`);`);

    this.addSql(
      `create table \`streaks\` (\`habit_id\` integer not null primary key, \`current\` integer check (current >= 0) not null default 0, \`current_start\` date null, \`current_end\` date null, \`longest\` integer check (longest >= current) not null default 0, \`longest_end\` date null, \`last_completion_date\` date null, \`as_of\` date not null, \`score\` double check (score between 0 and 1) not null default 0, \`created_at\` datetime not null, \`updated_at\` datetime not null, constraint \`streaks_habit_id_foreign\` foreign key (\`habit_id\`) references \`habits\` (\`id\`) on update cascade on delete cascade);`,
    );

    this.addSql(
      `create table \`habit_completions\` (\`id\` integer not null primary key autoincrement, \`habit_id\` integer not null, \`completion_date\` date not null, \`status\` text check (\`status\` in ('done', 'skipped')) not null default 'done', \`value\` double check (value >= 0) not null default 1, \`notes\` text null, \`created_at\` datetime not null, \`updated_at\` datetime not null, constraint \`habit_completions_habit_id_foreign\` foreign key (\`habit_id\`) references \`habits\` (\`id\`) on delete cascade);`,
    );
    this.addSql(`create index \`habit_completions_habit_id_index\` on \`habit_completions\` (\`habit_id\`);`);
    this.addSql(
      `create index \`habit_completions_completion_date_index\` on \`habit_completions\` (\`completion_date\`);`,
    );
    this.addSql(
      `create unique index \`habit_completions_habit_id_completion_date_unique\` on \`habit_completions\` (\`habit_id\`, \`completion_date\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`users\`;`);
    this.addSql(`drop table if exists \`habits\`;`);
    this.addSql(`drop table if exists \`streaks\`;`);
    this.addSql(`drop table if exists \`habit_completions\`;`);
  }
}
