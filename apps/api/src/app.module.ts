import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module, type DynamicModule } from '@nestjs/common';
import { createOrmConfig } from '@streakforge/db';
import type { ApiConfig } from './config.js';
import { HealthModule } from './health/health.module.js';

@Module({})
export class AppModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        MikroOrmModule.forRoot({ ...createOrmConfig({ databasePath: config.databasePath }), registerRequestContext: true }),
        HealthModule,
      ],
    };
  }
}
