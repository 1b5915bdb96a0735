import { Migration } from '@mikro-orm/migrations';

/**
 * The whole schema as of Migration20261201233654_LoopFidelity: PostgreSQL support began there, so no PostgreSQL database ever held an
 * earlier schema and the later migrations up to that one have nothing to change on this engine.
 */
export class Migration20261124025843_Initial extends Migration {
  override name = 'Migration20261124025843_Initial';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "job_leases" ("name" varchar(50) not null, "holder" varchar(100) not null, "expires_at" timestamptz not null, primary key ("name"));`,
    );
    this.addSql(
      `create table "job_runs" ("id" serial primary key, "name" varchar(50) not null, "holder" varchar(100) not null, "started_at" timestamptz not null, "finished_at" timestamptz null, "status" text not null, "items" int not null default 0, "error" text null);`,
    );
    this.addSql(`create index "job_runs_name_index" on "job_runs" ("name");`);
    this.addSql(
      `alter table "job_runs" add constraint "job_runs_status_check" check ("status" in ('running', 'succeeded', 'failed'));`,
    );
    this.addSql(
      `create table "rate_limits" ("key" varchar(64) not null, "hits" int not null, "expires_at" bigint not null, primary key ("key"));`,
    );
    this.addSql(`create index "rate_limits_expires_at_index" on "rate_limits" ("expires_at");`);
    this.addSql(
      `create table "users" ("id" serial primary key, "username" varchar(32) not null, "email" varchar(254) not null, "password_hash" varchar(255) not null, "token_version" int not null default 0, "timezone" varchar(64) not null default 'UTC', "day_start_minutes" int not null default 0, "week_start" int not null default 1, "snapshots_through" date null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(`alter table "users" add constraint "users_username_unique" unique ("username");`);
    this.addSql(`create unique index "users_email_lower_unique" on "users" (lower("email"));`);
    this.addSql(
      `alter table "users" add constraint "users_day_start_minutes_check" check (day_start_minutes between 0 and 1439);`,
    );
    this.addSql(`alter table "users" add constraint "users_week_start_check" check (week_start between 1 and 7);`);
    this.addSql(
      `create table "habits" ("id" serial primary key, "user_id" int not null, "name" varchar(100) not null, "question" varchar(200) null, "description" text null, "category" varchar(50) null, "color" varchar(7) null, "type" text not null default 'boolean', "goal_type" text not null default 'daily', "times_per_period" int not null default 1, "period_days" int not null default 1, "target_value" double precision null, "target_type" text not null default 'at_least', "unit" varchar(30) null, "position" int not null default 0, "archived" boolean not null default false, "external_id" varchar(200) null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(`create index "habits_user_id_index" on "habits" ("user_id");`);
    this.addSql(
      `alter table "habits" add constraint "habits_user_id_external_id_unique" unique ("user_id", "external_id");`,
    );
    this.addSql(
      `alter table "habits" add constraint "habits_times_within_period_check" check (times_per_period <= period_days);`,
    );
    this.addSql(
      `alter table "habits" add constraint "habits_target_value_check" check (target_value is null or target_value >= 0);`,
    );
    this.addSql(
      `alter table "habits" add constraint "habits_times_per_period_check" check (times_per_period between 1 and 365);`,
    );
    this.addSql(
      `alter table "habits" add constraint "habits_period_days_check" check (period_days between 1 and 365);`,
    );
    this.addSql(`alter table "habits" add constraint "habits_type_check" check ("type" in ('boolean', 'numeric'));`);
    this.addSql(
      `alter table "habits" add constraint "habits_goal_type_check" check ("goal_type" in ('daily', 'weekly', 'custom'));`,
    );
    this.addSql(
      `alter table "habits" add constraint "habits_target_type_check" check ("target_type" in ('at_least', 'at_most'));`,
    );
    this.addSql(
      `create table "streaks" ("habit_id" int not null, "current" int not null default 0, "current_start" date null, "current_end" date null, "longest" int not null default 0, "longest_end" date null, "last_completion_date" date null, "as_of" date not null, "score" double precision not null default 0, "previous_score" double precision not null default 0, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("habit_id"));`,
    );
    this.addSql(`alter table "streaks" add constraint "streaks_current_check" check (current >= 0);`);
    this.addSql(`alter table "streaks" add constraint "streaks_longest_check" check (longest >= current);`);
    this.addSql(`alter table "streaks" add constraint "streaks_score_check" check (score between 0 and 1);`);
    this.addSql(
      `alter table "streaks" add constraint "streaks_previous_score_check" check (previous_score between 0 and 1);`,
    );
    this.addSql(
      `create table "habit_completions" ("id" serial primary key, "habit_id" int not null, "completion_date" date not null, "status" text not null default 'done', "value" double precision not null default 1, "notes" text null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(`create index "habit_completions_completion_date_index" on "habit_completions" ("completion_date");`);
    this.addSql(
      `alter table "habit_completions" add constraint "habit_completions_habit_id_completion_date_unique" unique ("habit_id", "completion_date");`,
    );
    this.addSql(`alter table "habit_completions" add constraint "habit_completions_value_check" check (value >= 0);`);
    this.addSql(
      `alter table "habit_completions" add constraint "habit_completions_status_check" check ("status" in ('done', 'skipped', 'missed', 'unmarked'));`,
    );
    this.addSql(
      `create table "daily_snapshots" ("id" serial primary key, "user_id" int not null, "date" date not null, "category" varchar(50) not null, "active" int not null, "qualifying" int not null, "considered" int not null, "considered_qualifying" int not null, "done_days" int not null);`,
    );
    this.addSql(
      `alter table "daily_snapshots" add constraint "daily_snapshots_user_id_date_category_unique" unique ("user_id", "date", "category");`,
    );
    this.addSql(
      `create table "api_tokens" ("id" serial primary key, "user_id" int not null, "name" varchar(100) not null, "token_hash" varchar(64) not null, "scope" text not null default 'write', "expires_at" timestamptz null, "last_used_at" timestamptz null, "created_at" timestamptz not null);`,
    );
    this.addSql(`create index "api_tokens_user_id_index" on "api_tokens" ("user_id");`);
    this.addSql(`alter table "api_tokens" add constraint "api_tokens_token_hash_unique" unique ("token_hash");`);
    this.addSql(
      `alter table "api_tokens" add constraint "api_tokens_scope_check" check ("scope" in ('read', 'write'));`,
    );
    this.addSql(
      `create table "analytics_dirty" ("id" serial primary key, "user_id" int not null, "date" date null, "until_date" date null);`,
    );
    this.addSql(`create index "analytics_dirty_user_id_index" on "analytics_dirty" ("user_id");`);
    this.addSql(
      `alter table "habits" add constraint "habits_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "streaks" add constraint "streaks_habit_id_foreign" foreign key ("habit_id") references "habits" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "habit_completions" add constraint "habit_completions_habit_id_foreign" foreign key ("habit_id") references "habits" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "daily_snapshots" add constraint "daily_snapshots_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "api_tokens" add constraint "api_tokens_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "analytics_dirty" add constraint "analytics_dirty_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
  }
}
