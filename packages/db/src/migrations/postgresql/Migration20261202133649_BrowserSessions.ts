import { Migration } from '@mikro-orm/migrations';

export class Migration20261202133649_BrowserSessions extends Migration {
  override name = 'Migration20261202133649_BrowserSessions';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "browser_sessions" ("id" serial primary key, "user_id" int not null, "secret_hash" varchar(64) not null, "previous_secret_hash" varchar(64) null, "previous_valid_until" timestamptz null, "user_agent" varchar(200) null, "created_at" timestamptz not null, "last_used_at" timestamptz not null, "expires_at" timestamptz not null);`,
    );
    this.addSql(`create index "browser_sessions_user_id_index" on "browser_sessions" ("user_id");`);

    this.addSql(
      `alter table "browser_sessions" add constraint "browser_sessions_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "browser_sessions" cascade;`);
  }
}
