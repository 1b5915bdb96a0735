import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock, JobRun, MikroORM, releaseJobLease, renewJobLease, takeJobLease } from '@streakforge/db';
import { WORKER_CONFIG, type WorkerConfig } from '../worker-config.js';

/** What a job reports: how many items (users, days, rows, files) it handled. */
export interface JobResult {
  items: number;
  detail?: string;
}

export type JobOutcome =
  | { status: 'succeeded'; runId: number; items: number; detail?: string }
  | { status: 'failed'; runId: number; error: string }
  | { status: 'skipped'; holder: string };

/** A lease lasts this long past its last heartbeat: a crashed holder's job can run elsewhere within minutes. */
export const LEASE_MS = 2 * 60 * 1000;
/** How often a running job moves its lease's end forward. */
export const HEARTBEAT_MS = 20 * 1000;

/**
 * Runs a job at most once at a time across every worker process on the database: one upsert takes the lease row
 * only when it is free or lapsed (so two processes cannot both win it, on either engine), a heartbeat keeps it while
 * the job runs, and every run is recorded in `job_runs`.
 */
@Injectable()
export class JobRunner {
  private readonly logger = new Logger(JobRunner.name);
  readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly orm: MikroORM,
    private readonly clock: Clock,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
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
    const heartbeat = setInterval(() => void this.renew(name), this.config.jobHeartbeatMs ?? HEARTBEAT_MS).unref();
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
    } finally {
      clearInterval(heartbeat);
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

  /** One heartbeat; a missed one only shortens the lease, and a lost lease is said (another worker may start). */
  private async renew(name: string): Promise<void> {
    await this.bestEffort(name, 'renew the lease', async () => {
      const expiresAt = new Date(this.clock.now().getTime() + LEASE_MS);
      const held = await this.orm.em
        .fork()
        .transactional((tx) => renewJobLease(tx, { name, holder: this.holder, expiresAt }));
      if (!held) this.logger.warn({ job: name }, `${name}: the lease lapsed and is no longer this worker's`);
    });
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
