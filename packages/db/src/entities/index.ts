export * from './user.entity.js';
export * from './habit.entity.js';
export * from './completion.entity.js';
export * from './streak.entity.js';
export * from './api-token.entity.js';
export * from './browser-session.entity.js';
export * from './analytics.entity.js';
export * from './job.entity.js';
export * from './rate-limit.entity.js';

import { AnalyticsDirtySchema, DailySnapshotSchema } from './analytics.entity.js';
import { ApiTokenSchema } from './api-token.entity.js';
import { BrowserSessionSchema } from './browser-session.entity.js';
import { JobLeaseSchema, JobRunSchema } from './job.entity.js';
import { RateLimitSchema } from './rate-limit.entity.js';
import { CompletionSchema } from './completion.entity.js';
import { HabitSchema } from './habit.entity.js';
import { StreakSchema } from './streak.entity.js';
import { UserSchema } from './user.entity.js';

export const entities = [
  UserSchema,
  HabitSchema,
  CompletionSchema,
  StreakSchema,
  ApiTokenSchema,
  BrowserSessionSchema,
  DailySnapshotSchema,
  AnalyticsDirtySchema,
  JobRunSchema,
  JobLeaseSchema,
  RateLimitSchema,
] as const;
