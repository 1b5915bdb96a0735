import { defineEntity, p } from '@mikro-orm/core';
import { Habit } from './habit.entity.js';

/**
 * The stored streak state of one habit, kept equal to a full recompute by every write. `currentStart`/`currentEnd`
 * bound the run that ends on or after `asOf − 1` so the common write (today or yesterday) updates it without
 * rereading history. `score` and `previousScore` are the unrounded strength on `asOf` and the day before, so a
 * write on `asOf` can step the score from `previousScore` without rereading history either.
 */
export const StreakSchema = defineEntity({
  name: 'Streak',
  tableName: 'streaks',
  properties: {
    habit: () => p.oneToOne(Habit).primary().deleteRule('cascade'),
    current: p.integer().default(0).check('current >= 0'),
    currentStart: p.date().nullable(),
    currentEnd: p.date().nullable(),
    longest: p.integer().default(0).check('longest >= current'),
    longestEnd: p.date().nullable(),
    lastCompletionDate: p.date().nullable(),
    asOf: p.date(),
    score: p.double().default(0).check('score between 0 and 1'),
    previousScore: p.double().default(0).check('previous_score between 0 and 1'),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});

export class Streak extends StreakSchema.class {}
StreakSchema.setClass(Streak);
