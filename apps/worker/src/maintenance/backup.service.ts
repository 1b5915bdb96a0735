import { chmodSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { Clock, MikroORM, copyDatabaseTo, fileIntegrityCheck } from '@streakforge/db';
import { WORKER_CONFIG, type WorkerConfig } from '../worker-config.js';
import type { JobResult } from '../jobs/job-runner.js';

const BACKUP_FILE = /^streakforge-\d{8}T\d{6}(?:\d{3})?Z\.db$/;

/**
 * An online, consistent copy of the database (`VACUUM INTO` reads one snapshot while the API keeps writing), made
 * owner-only, verified with integrity_check, and pruned to the newest `BACKUP_KEEP`.
 */
@Injectable()
export class BackupService {
  constructor(
    private readonly orm: MikroORM,
    private readonly clock: Clock,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {}

  async run(): Promise<JobResult> {
    // A directory it creates is owner-only; an existing one keeps its mode (it may be shared on purpose), and each
    // backup file is owner-only regardless.
    mkdirSync(this.config.backupDir, { recursive: true, mode: 0o700 });
    const stamp = this.clock.now().toISOString().replace(/[-:]/g, '').replace('.', '');
    const file = join(this.config.backupDir, `streakforge-${stamp}.db`);
    // Written and checked under another name, then renamed: a failed or interrupted backup never looks like one.
    const partial = `${file}.partial`;
    try {
      await copyDatabaseTo(this.orm.em.fork(), partial);
      chmodSync(partial, 0o600);
      const verdict = fileIntegrityCheck(partial);
      if (verdict !== 'ok') throw new Error(`backup ${file} failed integrity_check: ${verdict}`);
      renameSync(partial, file);
    } finally {
      rmSync(partial, { force: true });
    }
    const backups = readdirSync(this.config.backupDir)
      .filter((name) => BACKUP_FILE.test(name))
      .sort()
      .reverse();
    for (const old of backups.slice(this.config.backupKeep)) rmSync(join(this.config.backupDir, old), { force: true });
    return { items: 1, detail: `${file} (kept ${Math.min(backups.length, this.config.backupKeep)})` };
  }
}
