import { Migration } from '@mikro-orm/migrations';

export class Migration20261201211919_Credentials extends Migration {
  override name = 'Migration20261201211919_Credentials';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`users\` add column \`token_version\` integer not null default 0;`);
    this.addSql(
      `alter table \`api_tokens\` add column \`scope\` text check (\`scope\` in ('read', 'write')) not null default 'write';`,
    );
    this.addSql(`alter table \`api_tokens\` add column \`expires_at\` datetime null;`);
    this.addSql(
      `create table \`rate_limits\` (\`key\` text not null primary key, \`hits\` integer not null, \`expires_at\` bigint not null);`,
    );
    this.addSql(`create index \`rate_limits_expires_at_index\` on \`rate_limits\` (\`expires_at\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`rate_limits\`;`);
    this.addSql(`alter table \`api_tokens\` drop column \`expires_at\`;`);
    this.addSql(`alter table \`api_tokens\` drop column \`scope\`;`);
    this.addSql(`alter table \`users\` drop column \`token_version\`;`);
  }
}
