import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { Clock, SystemClock, createOrmConfig, pinoOptions } from '@streakforge/db';
import { LoggerModule } from 'nestjs-pino';
import type { WorkerConfig } from './config.js';
import { JobRunner } from './jobs/job-runner.js';
import { JobSchedule, Jobs } from './jobs/jobs.js';
import { BackupService } from './maintenance/backup.service.js';
import { MaintenanceService } from './maintenance/maintenance.service.js';
import { RolloverService } from './rollover/rollover.service.js';
import { SchemaGuard } from './schema-guard.js';
import { SnapshotsService } from './snapshots/snapshots.service.js';
import { WORKER_CONFIG } from './worker-config.js';

export interface WorkerOptions {
  /** Run the jobs on their schedules (the worker process) or only on demand (`npm run job`, tests). */
  schedule: boolean;
  clock?: Clock;
}

@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig, { schedule, clock = new SystemClock() }: WorkerOptions): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        createOrmConfig({
          databasePath: config.databasePath,
          databaseUrl: config.databaseUrl,
          lockTimeoutMs: config.lockTimeoutMs,
        }).then((orm) => MikroOrmModule.forRoot(orm)),
        // The API's JSON lines, with the job and its run instead of a request.
        LoggerModule.forRoot({ pinoHttp: pinoOptions(config.logLevel) }),
        ...(schedule ? [ScheduleModule.forRoot()] : []),
      ],
      providers: [
        { provide: WORKER_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
        SchemaGuard,
        JobRunner,
        RolloverService,
        SnapshotsService,
        BackupService,
        MaintenanceService,
        Jobs,
        ...(schedule ? [JobSchedule] : []),
      ],
    };
  }
}
