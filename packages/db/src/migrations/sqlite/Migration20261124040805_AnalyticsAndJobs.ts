import { Migration } from '@mikro-orm/migrations';

export class Migration20261124040805_AnalyticsAndJobs extends Migration {
  override name = 'Migration20261124040805_AnalyticsAndJobs';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`job_leases\` (\`name\` text not null primary key, \`holder\` text not null, \`expires_at\` datetime not null);`,
    );

    this.addSql(
      `create table \`job_runs\` (\`id\` integer not null primary key autoincrement, \`name\` text not null, \`holder\` text not null, \`started_at\` datetime not null, \`finished_at\` datetime null, \`status\` text check (\`status\` in ('running', 'succeeded', 'failed')) not null, \`items\` integer not null default 0, \`error\` text null);`,
    );
    this.addSql(`create index \`job_runs_name_index\` on \`job_runs\` (\`name\`);`);

    this.addSql(
      `create table \`daily_snapshots\` (\`id\` integer not null primary key autoincrement, \`user_id\` integer not null, \`date\` date not null, \`category\` text not null, \`active\` integer not null, \`qualifying\` integer not null, \`considered\` integer not null, \`considered_qualifying\` integer not null, \`done_days\` integer not null, constraint \`daily_snapshots_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on delete cascade);`,
    );
    this.addSql(`create index \`daily_snapshots_user_id_index\` on \`daily_snapshots\` (\`user_id\`);`);
    this.addSql(
      `create unique index \`daily_snapshots_user_id_date_category_unique\` on \`daily_snapshots\` (\`user_id\`, \`date\`, \`category\`);`,
    );

    this.addSql(
      `create table \`analytics_dirty\` (\`id\` integer not null primary key autoincrement, \`user_id\` integer not null, \`date\` date null, constraint \`analytics_dirty_user_id_foreign\` foreign key (\`user_id\`) references \`users\` (\`id\`) on delete cascade);`,
    );
    this.addSql(`create index \`analytics_dirty_user_id_index\` on \`analytics_dirty\` (\`user_id\`);`);

    this.addSql(`alter table \`users\` add column \`snapshots_through\` date null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`job_leases\`;`);
    this.addSql(`drop table if exists \`job_runs\`;`);
    this.addSql(`drop table if exists \`daily_snapshots\`;`);
    this.addSql(`drop table if exists \`analytics_dirty\`;`);

    this.addSql(`alter table \`users\` drop column \`snapshots_through\`;`);
  }
}
