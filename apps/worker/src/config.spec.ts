import { describe, expect, it } from '@jest/globals';
import { WorkerConfigError, loadWorkerConfig } from './config.js';

describe(loadWorkerConfig.name, () => {
  it('keeps backups next to the database by default, seven of them', () => {
    expect(loadWorkerConfig({ DATABASE_PATH: '/srv/streakforge/app.db' })).toEqual({
      databasePath: '/srv/streakforge/app.db',
      backupDir: '/srv/streakforge/backups',
      backupKeep: 7,
    });
  });

  it('resolves a relative BACKUP_DIR where npm was run', () => {
    const config = loadWorkerConfig({ DATABASE_PATH: '/srv/app.db', BACKUP_DIR: 'copies', INIT_CWD: '/home/me', BACKUP_KEEP: '30' });
    expect(config).toMatchObject({ backupDir: '/home/me/copies', backupKeep: 30 });
    expect(loadWorkerConfig({ DATABASE_PATH: '/srv/app.db', BACKUP_DIR: '/mnt/backups' }).backupDir).toBe('/mnt/backups');
  });

  it.each(['0', '-1', '2.5', 'many', '1001'])('refuses BACKUP_KEEP=%s', (keep) => {
    expect(() => loadWorkerConfig({ DATABASE_PATH: '/srv/app.db', BACKUP_KEEP: keep })).toThrow(WorkerConfigError);
  });
});
