import { Migration } from '@mikro-orm/migrations';

export class Migration20261124050310_DirtyRanges extends Migration {
  override name = 'Migration20261124050310_DirtyRanges';

  override up(): void | Promise<void> {
    this.addSql(`alter table \`analytics_dirty\` add column \`until_date\` date null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`analytics_dirty\` drop column \`until_date\`;`);
  }
}
