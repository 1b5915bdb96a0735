import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261124025843_Initial } from './Migration20261124025843_Initial.js';
import { Migration20261124032801_ApiTokensAndPreviousScore } from './Migration20261124032801_ApiTokensAndPreviousScore.js';
import { Migration20261124040805_AnalyticsAndJobs } from './Migration20261124040805_AnalyticsAndJobs.js';
import { Migration20261124050310_DirtyRanges } from './Migration20261124050310_DirtyRanges.js';
import { Migration20261130133701_ExternalIds } from './Migration20261130133701_ExternalIds.js';
import { Migration20261201211919_Credentials } from './Migration20261201211919_Credentials.js';
import { Migration20261201233654_LoopFidelity } from './Migration20261201233654_LoopFidelity.js';
import { Migration20261202133649_BrowserSessions } from './Migration20261202133649_BrowserSessions.js';
import { Migration20261203130141_HabitRecordsVersion } from './Migration20261203130141_HabitRecordsVersion.js';

/** Every SQLite migration, oldest first. `npm run migration:create -- <Name>` writes each engine's and prints the lines to add. */
export const sqliteMigrations: MigrationObject[] = [
  { name: 'Migration20261124025843_Initial', class: Migration20261124025843_Initial },
  {
    name: 'Migration20261124032801_ApiTokensAndPreviousScore',
    class: Migration20261124032801_ApiTokensAndPreviousScore,
  },
  { name: 'Migration20261124040805_AnalyticsAndJobs', class: Migration20261124040805_AnalyticsAndJobs },
  { name: 'Migration20261124050310_DirtyRanges', class: Migration20261124050310_DirtyRanges },
  { name: 'Migration20261130133701_ExternalIds', class: Migration20261130133701_ExternalIds },
  { name: 'Migration20261201211919_Credentials', class: Migration20261201211919_Credentials },
  { name: 'Migration20261201233654_LoopFidelity', class: Migration20261201233654_LoopFidelity },
  { name: 'Migration20261202133649_BrowserSessions', class: Migration20261202133649_BrowserSessions },
  { name: 'Migration20261203130141_HabitRecordsVersion', class: Migration20261203130141_HabitRecordsVersion },
];
