import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Injectable, Logger } from '@nestjs/common';
import { Clock, JobRun, MikroORM, releaseJobLease, takeJobLease } from '@streakforge/db';

/** What a job reports: how many items (users, days, rows, files) it handled. */
export interface JobResult {
  items: number;
  detail?: string;
}

export type JobOutcome =
  | { status: 'succeeded'; runId: number; items: number; detail?: string }
  | { status: 'failed'; runId: number; error: string }
  | { status: 'skipped'; holder: string };

/** A crashed run's lease lapses after this long; healthy runs release theirs when they end. */
export const LEASE_MS = 30 * 60 * 1000;

/**
 * Runs a job at most once at a time across every worker process on the database: a lease row is taken in a
 * `BEGIN IMMEDIATE` transaction (so two processes cannot both see it free), every run is recorded in `job_runs`.
 */
@Injectable()
export class JobRunner {
  private readonly logger = new Logger(JobRunner.name);
  readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly orm: MikroORM,
    private readonly clock: Clock,
  ) {}

  async run(name: string, job: () => Promise<JobResult>): Promise<JobOutcome> {
    const em = this.orm.em.fork();
    const now = this.clock.now();
    const leased = await em.transactional((tx) =>
      takeJobLease(tx, { name, holder: this.holder, now, expiresAt: new Date(now.getTime() + LEASE_MS) }),
    );
    if (leased !== this.holder) {
      this.logger.warn({ job: name, holder: leased }, `${name}: skipped, another worker (${leased}) holds the lease`);
      return { status: 'skipped', holder: leased };
    }

    const run = em.create(JobRun, {
      name,
      holder: this.holder,
      startedAt: this.clock.now(),
      status: 'running',
      items: 0,
    });
    await em.flush();
    let outcome: Exclude<JobOutcome, { status: 'skipped' }>;
    try {
      const result = await job();
      outcome = {
        status: 'succeeded',
        runId: run.id,
        items: result.items,
        ...(result.detail ? { detail: result.detail } : {}),
      };
      this.logger.log(
        { job: name, runId: run.id, items: result.items },
        `${name}: succeeded, ${result.items} item(s)${result.detail ? `; ${result.detail}` : ''}`,
      );
    } catch (error) {
      outcome = { status: 'failed', runId: run.id, error: error instanceof Error ? error.message : String(error) };
      this.logger.error({ job: name, runId: run.id, err: error }, `${name}: failed: ${outcome.error}`);
    }
    // The bookkeeping can meet the same locked database the job did; the run's outcome stands either way, and a
    // lease left behind is this holder's own (taken again next time) or lapses.
    await this.bestEffort(name, 'record the run', async () => {
      const finishedAt = this.clock.now();
      em.assign(
        run,
        outcome.status === 'succeeded'
          ? { status: 'succeeded', items: outcome.items, finishedAt }
          : { status: 'failed', error: outcome.error, finishedAt },
      );
      await em.flush();
    });
    await this.bestEffort(name, 'release the lease', () =>
      em.transactional((tx) => releaseJobLease(tx, name, this.holder)),
    );
    return outcome;
  }

  private async bestEffort(name: string, what: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.error(
        { job: name },
        `${name}: could not ${what}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
