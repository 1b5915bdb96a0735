import { Migration } from '@mikro-orm/migrations';

/** Nothing to change on PostgreSQL: its first migration already creates this schema (see its comment). */
export class Migration20261130133701_ExternalIds extends Migration {
  override name = 'Migration20261130133701_ExternalIds';

  override up(): void | Promise<void> {}
}
