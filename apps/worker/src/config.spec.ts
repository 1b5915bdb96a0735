import { describe, expect, it } from '@jest/globals';
import { WorkerConfigError, loadWorkerConfig } from './config.js';

describe(loadWorkerConfig.name, () => {
  it('keeps backups next to the database by default, seven of them', () => {
    expect(loadWorkerConfig({ DATABASE_PATH: '/srv/streakforge/app.db' })).toEqual({
      databasePath: '/srv/streakforge/app.db',
      lockTimeoutMs: 5000,
      backupDir: '/srv/streakforge/backups',
      backupKeep: 7,
      logLevel: 'info',
    });
  });

  it('takes LOG_LEVEL as the API does, and refuses a level pino does not have', () => {
    expect(loadWorkerConfig({ DATABASE_PATH: '/srv/app.db', LOG_LEVEL: ' WARN ' }).logLevel).toBe('warn');
    expect(() => loadWorkerConfig({ DATABASE_PATH: '/srv/app.db', LOG_LEVEL: 'loud' })).toThrow(
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    );
  });

  it('resolves a relative BACKUP_DIR where npm was run', () => {
    const config = loadWorkerConfig({
      DATABASE_PATH: '/srv/app.db',
      BACKUP_DIR: 'copies',
      INIT_CWD: '/home/me',
      BACKUP_KEEP: '30',
    });
    expect(config).toMatchObject({ backupDir: '/home/me/copies', backupKeep: 30 });
    expect(loadWorkerConfig({ DATABASE_PATH: '/srv/app.db', BACKUP_DIR: '/mnt/backups' }).backupDir).toBe(
      '/mnt/backups',
    );
  });

  it.each(['0', '-1', '2.5', 'many', '1001'])('refuses BACKUP_KEEP=%s', (keep) => {
    expect(() => loadWorkerConfig({ DATABASE_PATH: '/srv/app.db', BACKUP_KEEP: keep })).toThrow(WorkerConfigError);
  });

  it.each(['99', '1e4', 'soon', '600001'])('refuses DATABASE_LOCK_TIMEOUT_MS=%s', (timeout) => {
    expect(() => loadWorkerConfig({ DATABASE_PATH: '/srv/app.db', DATABASE_LOCK_TIMEOUT_MS: timeout })).toThrow(
      /DATABASE_LOCK_TIMEOUT_MS/,
    );
  });

  it('reads DATABASE_LOCK_TIMEOUT_MS', () => {
    expect(loadWorkerConfig({ DATABASE_PATH: '/srv/app.db', DATABASE_LOCK_TIMEOUT_MS: '250' }).lockTimeoutMs).toBe(250);
  });

  it('reads DATABASE_URL for PostgreSQL and refuses another scheme', () => {
    const url = 'postgres://worker@db:5432/streakforge';
    expect(loadWorkerConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
    expect(() => loadWorkerConfig({ DATABASE_URL: 'sqlite:///tmp/x.db' })).toThrow(/DATABASE_URL must be a postgresql/);
  });
});
