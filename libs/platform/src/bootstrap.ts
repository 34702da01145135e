import { type DynamicModule, Logger as NestLogger, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { CustomTransportStrategy } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import { Client, type Pool } from 'pg';
import { applySecretFiles } from './config/secret-files';
import type { ServiceConfig } from './config/service-config';
import { PG_POOL, runMigrations, type MigrationClass } from './db/database';
import { MAX_PARAM_LENGTH } from './http/limits';
import { answerUnsupportedMethods } from './http/method-not-allowed';
import { sendProblem } from './http/problem.filter';
import { validationPipe } from './http/validation';
import { Metrics } from './metrics/metrics';
import { setupOpenApi } from './openapi/openapi';
import { stopTracing } from './tracing/tracing';

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

/** The service's migrations, as the database's owner when `<SERVICE>_MIGRATION_DATABASE_URL` is set; their names. */
export function migrateService(def: ServiceDefinition): Promise<string[]> {
  const { databaseUrl, migrationDatabaseUrl } = def.config;
  return migrationDatabaseUrl
    ? runMigrations(migrationDatabaseUrl, def.migrations, { runtimeRole: decodeURIComponent(new URL(databaseUrl).username) })
    : runMigrations(databaseUrl, def.migrations);
}

/** The service's migrations that its database has not applied, by the names TypeORM records them under. */
async function pendingMigrations(def: ServiceDefinition): Promise<string[]> {
  const names = def.migrations.map((M) => new M().name ?? M.name);
  const client = new Client({ connectionString: def.config.databaseUrl });
  await client.connect();
  try {
    // Read only: a replica creates nothing, not even the migrations table, in a database it does not own.
    const { rows } = await client.query<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
    const applied = rows[0].present ? new Set((await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name)) : new Set<string>();
    return names.filter((name) => !applied.has(name));
  } finally {
    await client.end();
  }
}

/**
 * A replica that does not migrate (MIGRATE_AT_START=false) still refuses a schema its code does not know: a release
 * whose migration job has not run, or failed, stops here with the reason instead of failing on its first query.
 */
async function assertMigrated(def: ServiceDefinition): Promise<void> {
  const pending = await pendingMigrations(def);
  if (pending.length > 0) {
    throw new Error(`${pending.length} migration(s) pending (${pending.join(', ')}) and MIGRATE_AT_START=false: run the release's migrations first (main.js --migrate-only)`);
  }
}

/** Builds the Fastify-based Nest app with the platform's conventions; migrations run first unless a job ran them. */
export async function createServiceApp(def: ServiceDefinition): Promise<NestFastifyApplication> {
  await (def.config.migrateAtStart ? migrateService(def) : assertMigrated(def));
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
  const metrics = app.get(Metrics);
  metrics.instrument(fastify);
  metrics.observePool(app.get<Pool>(PG_POOL), def.config.databasePoolSize);
  // Spans still buffered are exported as the service stops (tracing/register.ts started the SDK, if it is on).
  fastify.addHook('onClose', async () => stopTracing().catch(() => undefined));
  const refuseOtherMethods = answerUnsupportedMethods(fastify);
  setupOpenApi(app, def.config.service, def.description, { rateLimited: def.config.rateLimit.limit > 0 });
  app.enableShutdownHooks();
  await app.init();
  refuseOtherMethods();
  // The consumers do not inherit the app's global enhancers: every one of them is HTTP's (the caller's token and rate
  // limit, Idempotency-Key, problem+json answers, request bodies checked by class-validator) and would only be passed
  // through, at a cost on every event (Nest binds an async resource per intercepted call). An event was checked against
  // its contract's JSON Schema when it was decoded, and the transport's own filter hands a handler's error to the inbox.
  for (const strategy of transportsOf(app)) app.connectMicroservice({ strategy }, { inheritAppConfig: false });
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

/**
 * For `main.ts`: a configuration or start-up error prints one clear line and exits non-zero. Secrets given as
 * `NAME_FILE` are read first (config/secret-files.ts). With `--migrate-only` the service runs its migrations and exits
 * (0 when they ran): the once-per-release step of a deployment (the Helm chart's hook Job, docs/OPERATIONS.md).
 */
export function runService(load: () => ServiceDefinition, argv: readonly string[] = process.argv.slice(2)): void {
  let def: ServiceDefinition;
  try {
    applySecretFiles(process.env);
    def = load();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(78);
  }
  if (argv.includes('--migrate-only')) {
    migrateService(def).then(
      (ran) => {
        process.stdout.write(`${def.config.service} migrations: ${ran.length ? `ran ${ran.join(', ')}` : 'none pending, the schema is current'}\n`);
        process.exit(0);
      },
      (err: unknown) => {
        process.stderr.write(`${def.config.service} migrations failed: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
    return;
  }
  startService(def).catch((err: unknown) => {
    process.stderr.write(`${def.config.service} failed to start: ${(err as Error).message}\n`);
    process.exit(1);
  });
}
