import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { MikroORM, pendingMigrations } from '@streakforge/db';

/** The worker never migrates (the migrate step does, once); it refuses to run jobs against an older schema. */
@Injectable()
export class SchemaGuard implements OnApplicationBootstrap {
  constructor(private readonly orm: MikroORM) {}

  async onApplicationBootstrap(): Promise<void> {
    const pending = await pendingMigrations(this.orm);
    if (pending.length > 0) {
      throw new Error(`The database has pending migrations (${pending.join(', ')}); run npm run migrate first.`);
    }
  }
}
