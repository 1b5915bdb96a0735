import { Migration } from '@mikro-orm/migrations';

export class Migration20261202133649_BrowserSessions extends Migration {
  override name = 'Migration20261202133649_BrowserSessions';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`browser_sessions\` (\`id\` integer not null primary key autoincrement, \`user_id\` integer not null, \`secret_hash\` text not null, \`previous_secret_hash\` text null, \`previous_valid_until\` datetime null, \`user_agent\` text null, \`created_at\` datetime not null, \`last_used_at\` datetime not null, \`expires_at\` datetime not null, constraint \`browser_sessions_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on delete cascade);`,
    );
    this.addSql(`create index \`browser_sessions_user_id_index\` on \`browser_sessions\` (\`user_id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`browser_sessions\`;`);
  }
}
