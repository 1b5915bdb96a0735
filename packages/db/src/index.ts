export * from './config.js';
export * from './entities/index.js';
export * from './orm.js';
export * from './runtime.js';
export { instantOf, isPostgres } from './tables.js';
export { DatabaseBusyError, isDatabaseBusy } from './database-busy.js';
export * from './streak-keeper.js';
export {
  habitDays,
  readDayRows,
  recordedDayKeys,
  storedDay,
  upsertCompletionDays,
  type CompletionDayRow,
} from './statements.js';
export * from './analytics.js';
export { postgresqlMigrations } from './migrations/postgresql/index.js';
export { sqliteMigrations } from './migrations/sqlite/index.js';
export { Clock, SettableClock, SystemClock } from './clock.js';
export { countRateLimitHit, deleteExpiredRateLimits, type RateLimitCount } from './rate-limits.js';
export { accountUsage, type AccountUsage } from './account-usage.js';
export { assignChanges } from './changes.js';
export { LOG_LEVELS, logLevelFromEnv, pinoOptions, type LogLevel } from './logging.js';
export { lastSucceededRunAt, releaseJobLease, renewJobLease, takeJobLease } from './jobs.js';
export { checkpointWal, copyDatabaseTo, fileIntegrityCheck, integrityCheck, optimizeDatabase } from './maintenance.js';
export {
  activeHabitStreaks,
  exportedHabitRows,
  habitWithCalendar,
  listHabitsWithStreaks,
  lockHabits,
  lockUserHabits,
  tokenVersionOf,
  userCalendar,
  type ExportedHabitRow,
  type HabitWithCalendar,
  type HabitWithStreakRow,
  type UserCalendar,
} from './habit-queries.js';
export { copyDatabase, type CopyProgress } from './copy.js';
