import { Migration } from '@mikro-orm/migrations';

export class Migration20261124032801_ApiTokensAndPreviousScore extends Migration {
  override name = 'Migration20261124032801_ApiTokensAndPreviousScore';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`api_tokens\` (\`id\` integer not null primary key autoincrement, \`user_id\` integer not null, \`name\` text not null, \`token_hash\` text not null, \`last_used_at\` datetime null, \`created_at\` datetime not null, constraint \`api_tokens_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on delete cascade);`,
    );
    this.addSql(`create index \`api_tokens_user_id_index\` on \`api_tokens\` (\`user_id\`);`);
    this.addSql(`create unique index \`api_tokens_token_hash_unique\` on \`api_tokens\` (\`token_hash\`);`);

    this.addSql(
      `alter table \`streaks\` add column \`previous_score\` double check (previous_score between 0 and 1) not null default 0;`,
    );
    // Rows written before previous_score existed cannot take the incremental path; an old as_of makes readers and
    // the next write recompute them.
    this.addSql(`update \`streaks\` set \`as_of\` = '1970-01-01';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`api_tokens\`;`);

    this.addSql(`alter table \`streaks\` drop column \`previous_score\`;`);
  }
}
