import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { ApiConfig } from '../config.js';
import { API_CONFIG } from './api-config.js';
import { Clock } from '@streakforge/db';
import { RouteMethods } from './route-methods.js';

/** The config, the clock and the route table, available to every feature. */
@Global()
@Module({})
export class CommonModule {
  static forRoot(config: ApiConfig, clock: Clock): DynamicModule {
    return {
      module: CommonModule,
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
        { provide: RouteMethods, useValue: new RouteMethods() },
      ],
      exports: [API_CONFIG, Clock, RouteMethods],
    };
  }
}
