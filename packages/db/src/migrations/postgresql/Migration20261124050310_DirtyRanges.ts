import { Migration } from '@mikro-orm/migrations';

/** Nothing to change on PostgreSQL: its first migration already creates this schema (see its comment). */
export class Migration20261124050310_DirtyRanges extends Migration {
  override name = 'Migration20261124050310_DirtyRanges';

  override up(): void | Promise<void> {}
}
