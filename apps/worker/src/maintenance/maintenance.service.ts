import { Injectable } from '@nestjs/common';
import { MikroORM } from '@streakforge/db';
import type { JobResult } from '../jobs/job-runner.js';

/**
 * Keeps the database lean and checked: folds the WAL back into the main file (TRUNCATE, so it does not grow
 * while idle), lets SQLite refresh its planner statistics, and runs integrity_check, failing the run if not ok.
 */
@Injectable()
export class MaintenanceService {
  constructor(private readonly orm: MikroORM) {}

  async run(): Promise<JobResult> {
    const em = this.orm.em.fork();
    const [checkpoint] = await em.execute<{ busy: number; log: number; checkpointed: number }[]>('pragma wal_checkpoint(TRUNCATE)');
    await em.execute('pragma optimize');
    const integrity = await em.execute<{ integrity_check: string }[]>('pragma integrity_check');
    const verdict = integrity.map((row) => row.integrity_check).join('; ');
    if (verdict !== 'ok') throw new Error(`integrity_check: ${verdict}`);
    const wal = checkpoint?.busy ? 'checkpoint deferred: readers busy' : `checkpointed ${checkpoint?.checkpointed ?? 0} WAL page(s)`;
    return { items: checkpoint?.checkpointed ?? 0, detail: `${wal}; integrity ok` };
  }
}
