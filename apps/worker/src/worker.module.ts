import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { createOrmConfig } from '@streakforge/db';
import type { WorkerConfig } from './config.js';
import { SchemaGuard } from './schema-guard.js';

@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [MikroOrmModule.forRoot(createOrmConfig({ databasePath: config.databasePath })), ScheduleModule.forRoot()],
      providers: [SchemaGuard],
    };
  }
}
