import { Controller, Get, Inject, Logger, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import { Public } from '../auth/roles';
import { PG_POOL } from '../db/database';
import { KafkaProbe } from '../kafka/kafka';

/**
 * Liveness says the process runs; readiness says it can serve: PostgreSQL and Kafka both answer (else 503). The
 * probes need no token, so what failed is answered as up or down only: the drivers' error text names hosts, users
 * and databases, which is for operators, who find it in the service's log.
 */
@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  private readonly logger = new Logger('health');

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(KafkaProbe) private readonly kafka: KafkaProbe,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    try {
      return await this.health.check([() => this.postgres(), () => this.kafkaUp()]);
    } catch (err) {
      void reply.status(503);
      return (err as { getResponse?: () => unknown }).getResponse?.() ?? { status: 'error' };
    }
  }

  private async postgres() {
    const check = this.indicator.check('postgres');
    try {
      await this.pool.query('SELECT 1');
      return check.up();
    } catch (err) {
      this.logger.warn(`readiness: PostgreSQL does not answer: ${(err as Error).message}`);
      return check.down();
    }
  }

  private async kafkaUp() {
    const check = this.indicator.check('kafka');
    try {
      await this.kafka.check();
      return check.up();
    } catch (err) {
      this.logger.warn(`readiness: Kafka does not answer: ${(err as Error).message}`);
      return check.down();
    }
  }
}
