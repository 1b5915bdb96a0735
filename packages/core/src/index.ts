export * from './days.js';
export * from './time-zone.js';
export * from './habit.js';
export { qualifyingInRange, habitStats, habitStart } from './stats.js';
export type { HabitStats, HabitRangeInput, PeriodTotal } from './stats.js';
export * from './streaks.js';
export * from './score.js';
export * from './incremental.js';
export * from './analytics.js';
