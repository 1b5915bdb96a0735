import { defineEntity, p } from '@mikro-orm/core';
import { TEXT_LIMITS } from '@streakforge/core';
import { User } from './user.entity.js';

export const HABIT_TYPES = ['boolean', 'numeric'] as const;
export const GOAL_TYPES = ['daily', 'weekly', 'custom'] as const;
export const TARGET_TYPES = ['at_least', 'at_most'] as const;

export const HabitSchema = defineEntity({
  name: 'Habit',
  tableName: 'habits',
  properties: {
    id: p.integer().primary().autoincrement(),
    user: () => p.manyToOne(User).deleteRule('cascade').index('habits_user_id_index'),
    name: p.string().length(TEXT_LIMITS.name),
    /** The yes/no question the habit asks ("Did you meditate today?"), as Loop keeps it apart from the description. */
    question: p.string().length(TEXT_LIMITS.question).nullable(),
    description: p.text().nullable(),
    category: p.string().length(TEXT_LIMITS.category).nullable(),
    color: p.string().length(7).nullable(),
    type: p.enum(HABIT_TYPES).default('boolean'),
    goalType: p.enum(GOAL_TYPES).default('daily'),
    timesPerPeriod: p.integer().default(1).check('times_per_period between 1 and 365'),
    periodDays: p.integer().default(1).check('period_days between 1 and 365'),
    targetValue: p.double().nullable(),
    targetType: p.enum(TARGET_TYPES).default('at_least'),
    unit: p.string().length(TEXT_LIMITS.unit).nullable(),
    position: p.integer().default(0),
    archived: p.boolean().default(false),
    /** The habit's id in the app it was imported from (Loop's uuid, or its position and name): re-imports match it. */
    externalId: p.string().length(TEXT_LIMITS.externalId).nullable(),
    /**
     * Raised by a database trigger on every insert, update and delete of the habit's records, by whatever process or
     * path: analytics keep a habit's share of the live days while it is unchanged (docs/architecture.md, "Reads").
     */
    recordsVersion: p.integer().default(0),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
  uniques: [{ name: 'habits_user_id_external_id_unique', properties: ['user', 'externalId'] }],
  checks: [
    { name: 'habits_times_within_period_check', expression: 'times_per_period <= period_days' },
    { name: 'habits_target_value_check', expression: 'target_value is null or target_value >= 0' },
  ],
});

export class Habit extends HabitSchema.class {}
HabitSchema.setClass(Habit);
