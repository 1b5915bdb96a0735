import { defineEntity, p } from '@mikro-orm/core';
import { COMPLETION_STATUSES } from '@streakforge/core';
import { Habit } from './habit.entity.js';

export { COMPLETION_STATUSES };

export const CompletionSchema = defineEntity({
  name: 'Completion',
  tableName: 'habit_completions',
  properties: {
    id: p.integer().primary().autoincrement(),
    habit: () => p.manyToOne(Habit).deleteRule('cascade'),
    date: p.date().fieldName('completion_date').index('habit_completions_completion_date_index'),
    status: p.enum(COMPLETION_STATUSES).default('done'),
    value: p.double().default(1).check('value >= 0'),
    notes: p.text().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
  uniques: [{ name: 'habit_completions_habit_id_completion_date_unique', properties: ['habit', 'date'] }],
});

export class Completion extends CompletionSchema.class {}
CompletionSchema.setClass(Completion);
