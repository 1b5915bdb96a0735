export * from './config.js';
export * from './entities/index.js';
export * from './orm.js';
export * from './runtime.js';
export { StreakforgeSqliteDriver } from './sqlite-driver.js';
export * from './streak-keeper.js';
export * from './analytics.js';
export { migrationsList } from './migrations/index.js';
export { Clock, SettableClock, SystemClock } from './clock.js';
