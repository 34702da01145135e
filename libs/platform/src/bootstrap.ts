import { type DynamicModule, Logger as NestLogger, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { CustomTransportStrategy } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import type { ServiceConfig } from './config/service-config';
import { runMigrations, type MigrationClass } from './db/database';
import { MAX_PARAM_LENGTH } from './http/limits';
import { answerUnsupportedMethods } from './http/method-not-allowed';
import { sendProblem } from './http/problem.filter';
import { validationPipe } from './http/validation';
import { Metrics } from './metrics/metrics';
import { setupOpenApi } from './openapi/openapi';

/**
 * Transports a module provides besides HTTP (the event store's Kafka inbox, `CustomTransportStrategy` instances):
 * connected to the app as Nest microservices and started with it.
 */
export const SERVICE_TRANSPORTS = Symbol('SERVICE_TRANSPORTS');

export interface ServiceDefinition {
  config: ServiceConfig;
  module: Type<unknown> | DynamicModule;
  migrations: MigrationClass[];
  description: string;
}

/** Builds the Fastify-based Nest app with the platform's conventions; migrations run first. */
export async function createServiceApp(def: ServiceDefinition): Promise<NestFastifyApplication> {
  const { databaseUrl, migrationDatabaseUrl } = def.config;
  await (migrationDatabaseUrl
    ? runMigrations(migrationDatabaseUrl, def.migrations, { runtimeRole: decodeURIComponent(new URL(databaseUrl).username) })
    : runMigrations(databaseUrl, def.migrations));
  const http = new NestLogger('http');
  const adapter = new FastifyAdapter({
    bodyLimit: def.config.bodyLimitBytes, trustProxy: true, return503OnClosing: true, routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // A path Fastify's router refuses itself (bad percent-encoding, an over-long parameter) is problem+json too.
    frameworkErrors: (err: FastifyError, request: FastifyRequest, reply: FastifyReply) => sendProblem(reply, request, err, http),
  });
  const app = await NestFactory.create<NestFastifyApplication>(def.module, adapter, { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(validationPipe());
  const fastify = app.getHttpAdapter().getInstance();
  // Bodies are JSON only: anything else is a 415 rather than a string the validators would misread.
  fastify.removeContentTypeParser('text/plain');
  app.get(Metrics).instrument(fastify);
  const refuseOtherMethods = answerUnsupportedMethods(fastify);
  setupOpenApi(app, def.config.service, def.description, { rateLimited: def.config.rateLimit.limit > 0 });
  app.enableShutdownHooks();
  await app.init();
  refuseOtherMethods();
  for (const strategy of transportsOf(app)) app.connectMicroservice({ strategy }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  return app;
}

function transportsOf(app: NestFastifyApplication): CustomTransportStrategy[] {
  try {
    return app.get<CustomTransportStrategy[]>(SERVICE_TRANSPORTS, { strict: false });
  } catch {
    return []; // a service without the event store's consumers
  }
}

export async function startService(def: ServiceDefinition): Promise<NestFastifyApplication> {
  const app = await createServiceApp(def);
  await app.listen({ port: def.config.port, host: def.config.host });
  new NestLogger('bootstrap').log(`${def.config.service} listening on http://${def.config.host}:${def.config.port} (docs at /docs)`);
  return app;
}

/** For `main.ts`: a configuration or start-up error prints one clear line and exits non-zero. */
export function runService(load: () => ServiceDefinition): void {
  let def: ServiceDefinition;
  try {
    def = load();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(78);
  }
  startService(def).catch((err: unknown) => {
    process.stderr.write(`${def.config.service} failed to start: ${(err as Error).message}\n`);
    process.exit(1);
  });
}
