import { existsSync, statSync } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import {
  Clock,
  MikroORM,
  checkpointWal,
  deleteExpiredRateLimits,
  integrityCheck,
  isPostgres,
  optimizeDatabase,
} from '@streakforge/db';
import type { JobResult } from '../jobs/job-runner.js';
import { WORKER_CONFIG, type WorkerConfig } from '../worker-config.js';

/**
 * Keeps the database lean and checked. On both engines it drops rate-limit counts whose window has ended and lets
 * the planner refresh its statistics (`pragma optimize`, `analyze`). On SQLite it also folds the WAL back into the
 * main file (TRUNCATE, so it does not grow while idle) and runs integrity_check, failing the run if not ok; on
 * PostgreSQL the server keeps its own WAL and checksums, and the run says those steps were skipped.
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
    if (isPostgres(em)) {
      await optimizeDatabase(em);
      return {
        items: 1,
        detail:
          `${expiredLimits} expired rate-limit count(s) dropped; analyze done; ` +
          'WAL checkpoint and integrity_check skipped (SQLite only; PostgreSQL manages its own)',
      };
    }
    const walBefore = this.walBytes();
    const checkpointed = await checkpointWal(em);
    const walAfter = this.walBytes();
    await optimizeDatabase(em);
    const verdict = await integrityCheck(em);
    if (verdict !== 'ok') throw new Error(`integrity_check: ${verdict}`);
    const wal = checkpointed ? `WAL ${walBefore} → ${walAfter} bytes` : 'checkpoint deferred: readers busy';
    return { items: 1, detail: `${expiredLimits} expired rate-limit count(s) dropped; ${wal}; integrity ok` };
  }

  private walBytes(): number {
    const wal = `${this.config.databasePath}-wal`;
    return existsSync(wal) ? statSync(wal).size : 0;
  }
}
