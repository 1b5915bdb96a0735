import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService, MikroOrmHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import { MikroORM, pendingMigrations } from '@streakforge/db';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.guard.js';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: MikroOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly orm: MikroORM,
  ) {}

  @Get('live')
  @ApiOkResponse({ description: 'the process is up' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOkResponse({ description: 'database reachable and every migration applied' })
  @ApiServiceUnavailableResponse({ description: 'database unreachable or migrations pending (run npm run migrate)' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.database.pingCheck('database', { timeout: 2000 }), () => this.migrations()]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      void reply.status(503);
      return error.getResponse() as HealthCheckResult;
    }
  }

  private async migrations() {
    const check = this.indicators.check('migrations');
    try {
      const pending = await pendingMigrations(this.orm);
      return pending.length === 0 ? check.up() : check.down({ pending, message: 'run npm run migrate' });
    } catch {
      return check.down({ message: 'cannot read the migrations table' });
    }
  }
}
