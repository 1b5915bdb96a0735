import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { ApiConfig } from '../config.js';
import { API_CONFIG } from './api-config.js';
import { Clock, SystemClock } from './clock.js';

/** The config and the clock, available to every feature. */
@Global()
@Module({})
export class CommonModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: CommonModule,
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: Clock, useClass: SystemClock },
      ],
      exports: [API_CONFIG, Clock],
    };
  }
}
