import { existsSync, statSync } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import { Clock, MikroORM, deleteExpiredRateLimits } from '@streakforge/db';
import type { JobResult } from '../jobs/job-runner.js';
import { WORKER_CONFIG, type WorkerConfig } from '../worker-config.js';
import { integrityVerdict } from './backup.service.js';

/**
 * Keeps the database lean and checked: folds the WAL back into the main file (TRUNCATE, so it does not grow
 * while idle), drops rate-limit counts whose window has ended, lets SQLite refresh its planner statistics, and runs
 * integrity_check, failing the run if not ok.
 */
@Injectable()
export class MaintenanceService {
  constructor(
    private readonly orm: MikroORM,
    private readonly clock: Clock,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {}

  async run(): Promise<JobResult> {
    const em = this.orm.em.fork();
    const expiredLimits = await deleteExpiredRateLimits(em, this.clock.now());
    const walBefore = this.walBytes();
    const [checkpoint] = await em.execute<{ busy: number }[]>('pragma wal_checkpoint(TRUNCATE)');
    const walAfter = this.walBytes();
    await em.execute('pragma optimize');
    const verdict = integrityVerdict(await em.execute<{ integrity_check: string }[]>('pragma integrity_check'));
    if (verdict !== 'ok') throw new Error(`integrity_check: ${verdict}`);
    const wal = checkpoint?.busy ? 'checkpoint deferred: readers busy' : `WAL ${walBefore} → ${walAfter} bytes`;
    return { items: 1, detail: `${expiredLimits} expired rate-limit count(s) dropped; ${wal}; integrity ok` };
  }

  private walBytes(): number {
    const wal = `${this.config.databasePath}-wal`;
    return existsSync(wal) ? statSync(wal).size : 0;
  }
}
