import { Injectable, Logger } from '@nestjs/common';
import { Cron, Interval } from '@nestjs/schedule';
import { BackupService } from '../maintenance/backup.service.js';
import { MaintenanceService } from '../maintenance/maintenance.service.js';
import { RolloverService } from '../rollover/rollover.service.js';
import { SnapshotsService } from '../snapshots/snapshots.service.js';
import { JobRunner, type JobOutcome, type JobResult } from './job-runner.js';

export const JOB_NAMES = ['rollover', 'snapshots', 'backup', 'maintenance'] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** Every job by name, run through the lease and the run log; used by the schedule and by `npm run job`. */
@Injectable()
export class Jobs {
  private readonly work: Record<JobName, () => Promise<JobResult>>;

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

  run(name: JobName): Promise<JobOutcome> {
    return this.runner.run(name, this.work[name]);
  }
}

/** When each job runs in `npm run start:worker`; the work itself is in the services. */
@Injectable()
export class JobSchedule {
  private readonly logger = new Logger(JobSchedule.name);

  constructor(private readonly jobs: Jobs) {}

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
      this.logger.error(`${name}: could not run: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
