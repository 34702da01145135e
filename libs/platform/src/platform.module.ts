import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import type { Pool } from 'pg';
import { AccessLogController } from './audit/access-log.controller';
import { AuditLog } from './audit/audit-log';
import { AuthGuard } from './auth/auth.guard';
import { MeController } from './auth/me.controller';
import { TokenVerifier } from './auth/token-verifier';
import { SERVICE_CONFIG, type ServiceConfig } from './config/service-config';
import { createPool, PG_POOL } from './db/database';
import { HealthController } from './health/health.controller';
import { IdempotencyInterceptor, IdempotencyKeyPruner } from './http/idempotency.interceptor';
import { ProblemFilter } from './http/problem.filter';
import { CallerRateLimit } from './http/rate-limit';
import { createKafka, KAFKA, KafkaProbe } from './kafka/kafka';
import { TopicCheck } from './kafka/topics';
import { loggingParams } from './logging/logging';
import { Metrics, MetricsController } from './metrics/metrics';


@Injectable()
class PlatformShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(KafkaProbe) private readonly probe: KafkaProbe,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    await this.probe.close();
    await this.pool.end().catch(() => undefined);
  }
}

/**
 * Everything every service shares: config, the PostgreSQL pool, the Kafka client, auth (global guard), problem+json
 * (global filter), idempotency keys, audit log, health, metrics and logging. Imported once, by the app module.
 */
@Module({})
export class PlatformModule {
  static forService(config: ServiceConfig): DynamicModule {
    const providers = [
      { provide: SERVICE_CONFIG, useValue: config },
      { provide: PG_POOL, useFactory: () => createPool(config.databaseUrl, config.databasePoolSize) },
      { provide: KAFKA, useFactory: () => createKafka(config.service, config.kafkaBrokers, config.kafkaSecurity) },
      { provide: KafkaProbe, useFactory: (kafka: ReturnType<typeof createKafka>) => new KafkaProbe(kafka), inject: [KAFKA] },
      { provide: TokenVerifier, useFactory: () => new TokenVerifier(config.auth) },
      { provide: Metrics, useValue: new Metrics(config.service) },
      AuditLog,
    ];
    return {
      module: PlatformModule,
      global: true,
      imports: [
        LoggerModule.forRoot(loggingParams(config.service, config.logLevel)),
        TerminusModule.forRoot({ logger: false }),
        ThrottlerModule.forRoot({
          throttlers: [{ ttl: config.rateLimit.windowMs, limit: config.rateLimit.limit }],
          errorMessage: `Too many requests: at most ${config.rateLimit.limit} every ${config.rateLimit.windowMs / 1000} s per caller. Retry after the time in Retry-After.`,
        }),
      ],
      controllers: [HealthController, MetricsController, MeController, AccessLogController],
      providers: [
        ...providers,
        PlatformShutdown,
        IdempotencyKeyPruner,
        TopicCheck,
        { provide: APP_GUARD, useClass: AuthGuard },
        // After AuthGuard (global guards run in this order): the limit counts per verified caller.
        ...(config.rateLimit.limit > 0 ? [{ provide: APP_GUARD, useClass: CallerRateLimit }] : []),
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
      exports: [SERVICE_CONFIG, PG_POOL, KAFKA, KafkaProbe, TokenVerifier, Metrics, AuditLog],
    };
  }
}
