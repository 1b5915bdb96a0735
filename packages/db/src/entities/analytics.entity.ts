import { defineEntity, p } from '@mikro-orm/core';
import { User } from './user.entity.js';

/**
 * One user's analytics figures for one closed day and one category ('' = none), as the core's `DayAggregate`
 * defines them; written by the worker's snapshots job.
 */
export const DailySnapshotSchema = defineEntity({
  name: 'DailySnapshot',
  tableName: 'daily_snapshots',
  properties: {
    id: p.integer().primary().autoincrement(),
    user: () => p.manyToOne(User).deleteRule('cascade'),
    date: p.date(),
    category: p.string().length(50),
    active: p.integer(),
    qualifying: p.integer(),
    considered: p.integer(),
    consideredQualifying: p.integer(),
    doneDays: p.integer(),
  },
  uniques: [{ name: 'daily_snapshots_user_id_date_category_unique', properties: ['user', 'date', 'category'] }],
});

export class DailySnapshot extends DailySnapshotSchema.class {}
DailySnapshotSchema.setClass(DailySnapshot);

/**
 * Days whose snapshots a write made stale: [date, untilDate] (untilDate null: that day alone; date null: all of the
 * user's days). Rows are only inserted, never updated, so the snapshots job can delete exactly the marks it has
 * processed (id ≤ the largest it read).
 */
export const AnalyticsDirtySchema = defineEntity({
  name: 'AnalyticsDirty',
  tableName: 'analytics_dirty',
  properties: {
    id: p.integer().primary().autoincrement(),
    user: () => p.manyToOne(User).deleteRule('cascade').index('analytics_dirty_user_id_index'),
    date: p.date().nullable(),
    untilDate: p.date().nullable(),
  },
});

export class AnalyticsDirty extends AnalyticsDirtySchema.class {}
AnalyticsDirtySchema.setClass(AnalyticsDirty);
