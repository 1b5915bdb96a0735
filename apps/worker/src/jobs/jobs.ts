import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Cron, Interval } from '@nestjs/schedule';
import { Clock, MikroORM, lastSucceededRunAt } from '@streakforge/db';
import { BackupService } from '../maintenance/backup.service.js';
import { MaintenanceService } from '../maintenance/maintenance.service.js';
import { RolloverService } from '../rollover/rollover.service.js';
import { SnapshotsService } from '../snapshots/snapshots.service.js';
import { JobRunner, type JobOutcome, type JobResult } from './job-runner.js';

export const JOB_NAMES = ['rollover', 'snapshots', 'backup', 'maintenance'] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** Every job by name, run through the lease and the run log; used by the schedule and by `npm run job`. */
@Injectable()
export class Jobs implements BeforeApplicationShutdown {
  private readonly work: Record<JobName, () => Promise<JobResult>>;
  private readonly running = new Set<Promise<unknown>>();
  private closing = false;

  constructor(
    private readonly runner: JobRunner,
    rollover: RolloverService,
    snapshots: SnapshotsService,
    backup: BackupService,
    maintenance: MaintenanceService,
  ) {
    this.work = {
      rollover: () => rollover.run(),
      snapshots: () => snapshots.run(),
      backup: () => backup.run(),
      maintenance: () => maintenance.run(),
    };
  }

  get stopping(): boolean {
    return this.closing;
  }

  run(name: JobName): Promise<JobOutcome> {
    if (this.closing) return Promise.resolve({ status: 'skipped', holder: 'this worker is stopping' });
    return this.track(this.runner.run(name, this.work[name]));
  }

  /** Keeps work the shutdown must wait for. */
  track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    void work.finally(() => this.running.delete(work)).catch(() => undefined);
    return work;
  }

  /** A stop starts no new job and lets running ones finish (each is short), so none is cut off holding its lease. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}

/** A fresh install should not wait for 03:30 to have its first backup. */
const BACKUP_DUE_MS = 20 * 60 * 60 * 1000;

/** When each job runs in `npm run start:worker`; the work itself is in the services. */
@Injectable()
export class JobSchedule implements OnApplicationBootstrap {
  private readonly logger = new Logger(JobSchedule.name);

  constructor(
    private readonly jobs: Jobs,
    private readonly orm: MikroORM,
    private readonly clock: Clock,
  ) {}

  /** On start, catch up at once: streak rows, a backup when the last is old, then snapshots. */
  onApplicationBootstrap(): void {
    void this.jobs.track(this.catchUp());
  }

  private async catchUp(): Promise<void> {
    await this.runLogged('rollover');
    if (this.jobs.stopping) return;
    try {
      const last = await lastSucceededRunAt(this.orm.em.fork(), 'backup');
      if (!last || this.clock.now().getTime() - last.getTime() > BACKUP_DUE_MS) await this.runLogged('backup');
    } catch (error) {
      this.logger.error({ job: 'backup' }, `backup check: ${error instanceof Error ? error.message : String(error)}`);
    }
    await this.runLogged('snapshots');
  }

  @Interval('rollover', 5 * 60 * 1000)
  rollover(): Promise<void> {
    return this.runLogged('rollover');
  }

  @Interval('snapshots', 15 * 60 * 1000)
  snapshots(): Promise<void> {
    return this.runLogged('snapshots');
  }

  @Cron('0 30 3 * * *', { name: 'backup' })
  backup(): Promise<void> {
    return this.runLogged('backup');
  }

  @Cron('0 45 * * * *', { name: 'maintenance' })
  maintenance(): Promise<void> {
    return this.runLogged('maintenance');
  }

  private async runLogged(name: JobName): Promise<void> {
    try {
      await this.jobs.run(name);
    } catch (error) {
      this.logger.error(
        { job: name },
        `${name}: could not run: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
