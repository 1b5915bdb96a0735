import { execFile } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock, MikroORM, copyDatabaseTo, fileIntegrityCheck, isPostgres } from '@streakforge/db';
import { WORKER_CONFIG, type WorkerConfig } from '../worker-config.js';
import type { JobResult } from '../jobs/job-runner.js';

const run = promisify(execFile);
const BACKUP_FILE = /^streakforge-\d{8}T\d{6}(?:\d{3})?Z\.(db|dump)$/;

/** Where `command` is on the PATH, or null. */
function onPath(command: string, path = process.env['PATH'] ?? ''): string | null {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    try {
      if (readdirSync(dir).includes(command)) return join(dir, command);
    } catch {
      // An unreadable PATH entry holds nothing we can run.
    }
  }
  return null;
}

/**
 * Backups, pruned to the newest `BACKUP_KEEP`, each written under a `.partial` name, made owner-only, verified and
 * only then renamed, so a failed or interrupted backup never looks like one.
 *
 * SQLite: an online, consistent copy (`VACUUM INTO` reads one snapshot while the API keeps writing), verified with
 * integrity_check. PostgreSQL: `pg_dump` in its custom format (one snapshot too), verified with `pg_restore --list`;
 * without `pg_dump` on the PATH the run says that backups are the operator's and writes nothing.
 */
@Injectable()
export class BackupService {
  private readonly logger = new Logger(BackupService.name);

  constructor(
    private readonly orm: MikroORM,
    private readonly clock: Clock,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {}

  async run(): Promise<JobResult> {
    const em = this.orm.em.fork();
    const postgres = isPostgres(em);
    const pgDump = postgres ? onPath('pg_dump') : null;
    if (postgres && !pgDump) {
      const detail =
        'no pg_dump on the PATH: nothing written; back PostgreSQL up with your own tools (pg_dump, base backups)';
      this.logger.warn(detail);
      return { items: 0, detail };
    }
    // A directory it creates is owner-only; an existing one keeps its mode (it may be shared on purpose), and each
    // backup file is owner-only regardless.
    mkdirSync(this.config.backupDir, { recursive: true, mode: 0o700 });
    const stamp = this.clock.now().toISOString().replace(/[-:]/g, '').replace('.', '');
    const file = join(this.config.backupDir, `streakforge-${stamp}.${postgres ? 'dump' : 'db'}`);
    const partial = `${file}.partial`;
    try {
      if (pgDump) await this.dumpPostgres(pgDump, partial);
      else {
        await copyDatabaseTo(em, partial);
        chmodSync(partial, 0o600);
        const verdict = fileIntegrityCheck(partial);
        if (verdict !== 'ok') throw new Error(`backup ${file} failed integrity_check: ${verdict}`);
      }
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

  /** `pg_dump -Fc` to `file`, then `pg_restore --list` reads it back whole; the password never goes on a command line. */
  private async dumpPostgres(pgDump: string, file: string): Promise<void> {
    const url = new URL(this.config.databaseUrl!);
    const env = { ...process.env, ...(url.password ? { PGPASSWORD: decodeURIComponent(url.password) } : {}) };
    url.password = '';
    // Created owner-only before pg_dump writes into it (it truncates the file and keeps its mode).
    closeSync(openSync(file, 'w', 0o600));
    await run(pgDump, ['--format=custom', '--no-password', `--file=${file}`, `--dbname=${url.toString()}`], { env });
    const pgRestore = join(pgDump, '..', 'pg_restore');
    const { stdout } = await run(pgRestore, ['--list', file], { maxBuffer: 64 * 1024 * 1024 });
    if (!/TABLE DATA public habit_completions/.test(stdout)) {
      throw new Error(`backup ${file} failed pg_restore --list: the habit_completions data is missing`);
    }
  }
}
