import { defineEntity, p } from '@mikro-orm/core';

export const UserSchema = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    id: p.integer().primary().autoincrement(),
    username: p.string().length(32).unique('users_username_unique'),
    email: p.string().length(254),
    passwordHash: p.string().length(255).hidden(),
    /** Access tokens carry the version they were signed at; raising it signs every session out. */
    tokenVersion: p.integer().default(0),
    timezone: p.string().length(64).default('UTC'),
    dayStartMinutes: p.integer().default(0).check('day_start_minutes between 0 and 1439'),
    weekStart: p.integer().default(1).check('week_start between 1 and 7'),
    /** The last closed day the analytics snapshots cover; null before the first backfill. */
    snapshotsThrough: p.date().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
  uniques: [
    {
      name: 'users_email_lower_unique',
      expression: 'create unique index "users_email_lower_unique" on "users" (lower("email"))',
    },
  ],
});

export class User extends UserSchema.class {}
UserSchema.setClass(User);
