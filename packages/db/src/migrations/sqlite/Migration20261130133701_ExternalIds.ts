import { Migration } from '@mikro-orm/migrations';

export class Migration20261130133701_ExternalIds extends Migration {
  override name = 'Migration20261130133701_ExternalIds';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`habits\` add column \`external_id\` text null;`);
    this.addSql(
      `create unique index \`habits_user_id_external_id_unique\` on \`habits\` (\`user_id\`, \`external_id\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index \`habits_user_id_external_id_unique\`;`);
    this.addSql(`alter table \`habits\` drop column \`external_id\`;`);
  }
}
