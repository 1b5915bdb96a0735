import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261124025843_Initial } from './Migration20261124025843_Initial.js';

/** Every migration, oldest first. `npm run migration:create -- <Name>` prints the line to add here. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261124025843_Initial', class: Migration20261124025843_Initial },
];
