import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module, RequestMethod, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { createOrmConfig, pinoOptions } from '@streakforge/db';
import { LoggerModule } from 'nestjs-pino';
import { AnalyticsModule } from './analytics/analytics.module.js';
import { AuthModule } from './auth/auth.module.js';
import { Clock, SystemClock } from '@streakforge/db';
import { CommonModule } from './common/common.module.js';
import { ErrorFilter } from './common/error.filter.js';
import { createValidationPipe } from './common/validation.js';
import { CompletionsModule } from './completions/completions.module.js';
import type { ApiConfig } from './config.js';
import { HabitsModule } from './habits/habits.module.js';
import { HealthModule } from './health/health.module.js';
import { ImportModule } from './imports/import.module.js';
import { ProgressModule } from './progress/progress.module.js';
import { UsersModule } from './users/users.module.js';

@Module({})
export class AppModule {
  static forRoot(config: ApiConfig, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CommonModule.forRoot(config, clock),
        LoggerModule.forRoot({
          // Every route once: the default list adds the paths outside the global prefix (health) a second time.
          forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
          pinoHttp: {
            ...pinoOptions(config.logLevel),
            // No headers, bodies or query strings in the logs: they carry passwords, tokens and what people search for.
            serializers: {
              req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({
                id: req.id,
                method: req.method,
                url: req.url.split('?')[0],
                remoteAddress: req.remoteAddress,
              }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
            customLogLevel: (_req, res, error) =>
              error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
          },
        }),
        createOrmConfig({
          databasePath: config.databasePath,
          databaseUrl: config.databaseUrl,
          lockTimeoutMs: config.lockTimeoutMs,
        }).then((orm) => MikroOrmModule.forRoot({ ...orm, registerRequestContext: true })),
        HealthModule,
        AuthModule,
        UsersModule,
        HabitsModule,
        CompletionsModule,
        ProgressModule,
        AnalyticsModule,
        ImportModule,
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
    };
  }
}
