import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { HealthService } from './health.service.js';

@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(): Promise<{ status: 'ok'; database: 'up'; pendingMigrations: string[] }> {
    const readiness = await this.health.readiness();
    if (!readiness.ready) {
      throw new ServiceUnavailableException({
        statusCode: 503,
        error: 'Service Unavailable',
        message: readiness.database === 'down' ? 'database unreachable' : 'migrations pending; run npm run migrate',
        pendingMigrations: readiness.pendingMigrations,
      });
    }
    return { status: 'ok', database: 'up', pendingMigrations: [] };
  }
}
