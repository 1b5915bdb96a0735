import { Migration } from '@mikro-orm/migrations';

/** Nothing to change on PostgreSQL: its first migration already creates this schema (see its comment). */
export class Migration20261201233654_LoopFidelity extends Migration {
  override name = 'Migration20261201233654_LoopFidelity';

  override up(): void | Promise<void> {}
}
