import { Migration } from '@mikro-orm/migrations';

/** Nothing to change on PostgreSQL: its first migration already creates this schema (see its comment). */
export class Migration20261201211919_Credentials extends Migration {
  override name = 'Migration20261201211919_Credentials';

  override up(): void | Promise<void> {}
}
