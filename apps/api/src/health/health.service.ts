import { Injectable } from '@nestjs/common';
import { MikroORM, pendingMigrations } from '@streakforge/db';

export interface Readiness {
  ready: boolean;
  database: 'up' | 'down';
  pendingMigrations: string[];
}

@Injectable()
export class HealthService {
  constructor(private readonly orm: MikroORM) {}

  async readiness(): Promise<Readiness> {
    try {
      await this.orm.em.getConnection().execute('select 1');
      const pending = await pendingMigrations(this.orm);
      return { ready: pending.length === 0, database: 'up', pendingMigrations: pending };
    } catch {
      return { ready: false, database: 'down', pendingMigrations: [] };
    }
  }
}
