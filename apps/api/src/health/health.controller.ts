import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheckService,
  HealthIndicatorService,
  MikroOrmHealthIndicator,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { MikroORM, canWrite, pendingMigrations } from '@streakforge/db';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.guard.js';

/** Load balancers probe often and time out after a few seconds; a lock held longer than this is an outage. */
const READY_LOCK_WAIT_MS = 1000;

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

  @ApiOperation({ summary: 'Liveness', description: 'Answers 200 while the process runs; for a process supervisor.' })
  @Get('live')
  @ApiOkResponse({ description: 'the process is up' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @ApiOperation({
    summary: 'Readiness',
    description:
      '200 when the database is reachable and writable and every migration is applied; 503 with the failing check otherwise. For a load balancer.',
  })
  @Get('ready')
  @ApiOkResponse({ description: 'database reachable and writable, every migration applied' })
  @ApiServiceUnavailableResponse({
    description:
      'database unreachable, its write lock held by another process for over a second, or migrations pending (run npm run migrate)',
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database', { timeout: 2000 }),
        () => this.writable(),
        () => this.migrations(),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      void reply.status(503);
      return error.getResponse() as HealthCheckResult;
    }
  }

  private async writable() {
    const check = this.indicators.check('writable');
    return (await canWrite(this.orm, READY_LOCK_WAIT_MS))
      ? check.up()
      : check.down({ message: 'another process holds the write lock' });
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
