import { defineEntity, p } from '@mikro-orm/core';

export const JOB_RUN_STATUSES = ['running', 'succeeded', 'failed'] as const;

/** One run of a worker job, kept as its history. */
export const JobRunSchema = defineEntity({
  name: 'JobRun',
  tableName: 'job_runs',
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(50).index('job_runs_name_index'),
    holder: p.string().length(100),
    startedAt: p.datetime(),
    finishedAt: p.datetime().nullable(),
    status: p.enum(JOB_RUN_STATUSES),
    items: p.integer().default(0),
    error: p.text().nullable(),
  },
});

export class JobRun extends JobRunSchema.class {}
JobRunSchema.setClass(JobRun);

/** Who may run a job now: one row per job, taken over only once `expiresAt` has passed (a crashed holder). */
export const JobLeaseSchema = defineEntity({
  name: 'JobLease',
  tableName: 'job_leases',
  properties: {
    name: p.string().length(50).primary(),
    holder: p.string().length(100),
    expiresAt: p.datetime(),
  },
});

export class JobLease extends JobLeaseSchema.class {}
JobLeaseSchema.setClass(JobLease);
