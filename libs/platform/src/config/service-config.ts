/**
 * Configuration read once at start-up from the environment and validated: a wrong or missing variable stops the
 * service with a message naming it (ports and names: docs/CONTRACTS.md, "Ports and settings").
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { AuthSettings } from '../auth/token-verifier';
import { kafkaSecurityFromEnv, type KafkaSecurity } from '../kafka/kafka-security';
import { RETENTION_DAYS } from '@iop/domain-events';
import { ConfigError } from './config-error';
import { intSetting } from './settings';
import { type Deployment, deploymentOf } from './deployment';

/**
 * Defaults of the local identity provider (apps/identity, at this URL; infra/local/dev-identity.ts writes the JWKS
 * it signs with): `npm run token` and the provider issue tokens with the same issuer, so the services take both.
 */
export const LOCAL_IDENTITY_ISSUER = 'http://127.0.0.1:3099';
/** The local issuer before the provider existed: refused in production too, in case an old setting carries it. */
const LEGACY_DEV_ISSUER = 'iop-local';
const DEV_AUDIENCE = 'iop-platform';
/** The workspace root, from the sources (libs/platform/src/config) or from their compiled copy under dist/. */
const workspaceRoot = (): string => {
  const up = resolve(__dirname, '..', '..', '..', '..');
  return basename(up) === 'dist' ? dirname(up) : up;
};
const defaultJwksFile = (env: Env): string => join(env.IOP_STACK_DIR ?? join(workspaceRoot(), '.stack'), 'keys', 'jwks.json');

export const SERVICES = {
  admissions: { port: 3101, database: 'admissions' },
  scheduling: { port: 3102, database: 'scheduling' },
  'clinical-notes': { port: 3103, database: 'clinical_notes' },
  outcomes: { port: 3104, database: 'outcomes' },
  webhooks: { port: 3105, database: 'webhooks' },
  fhir: { port: 3106, database: 'fhir' },
} as const;
export type ServiceName = keyof typeof SERVICES;

export interface ServiceConfig {
  service: ServiceName;
  host: string;
  port: number;
  databaseUrl: string;
  /**
   * Where migrations run, as the database's owner role, when it is not the service's own (production): the service's
   * role then owns its tables but may only INSERT and SELECT the audit log. Unset: migrations run as the service.
   */
  migrationDatabaseUrl?: string;
  /**
   * Whether the service runs its migrations when it starts (the default, as `npm start` and compose do). Where a release
   * runs them once beforehand (`main.js --migrate-only`, the Helm chart's hook Job), replicas set `MIGRATE_AT_START=false`:
   * they then only check that no migration is pending, and refuse to start on an older schema.
   */
  migrateAtStart: boolean;
  databasePoolSize: number;
  kafkaBrokers: string[];
  /**
   * TLS and SASL towards the brokers (`KAFKA_SSL*`, `KAFKA_SASL_*`, each also as `<SERVICE>_KAFKA_*`); production refuses
   * a connection without both unless `KAFKA_ALLOW_PLAINTEXT=true`.
   */
  kafkaSecurity: KafkaSecurity;
  /**
   * Replicas of the topics the service creates (`KAFKA_REPLICATION_FACTOR`): 3 in production by default (a write then
   * needs 2, min.insync.replicas), 1 on a developer's single broker.
   */
  kafkaReplicationFactor: number;
  /** Whether the service creates its missing topics and checks the others against their declaration at start. */
  kafkaTopicCheck: boolean;
  /** Prepended to every topic name (tests give each file its own topics; empty in production). */
  kafkaTopicPrefix: string;
  /** Throughput against latency on the bus (the environment variables are listed in the README). */
  kafkaTuning: {
    /** The publisher waits this long after a partial page so the next one carries more events. */
    publishLingerMs: number;
    /** A consumer's fetch is answered once this many bytes are there, or after `fetchMaxWaitMs`. */
    fetchMinBytes: number;
    fetchMaxWaitMs: number;
    /** A consumer commits its applied offsets this often (0: after every batch); the inbox absorbs redelivery. */
    commitIntervalMs: number;
    /** Most consumed events applied in one database transaction. */
    consumerMaxBatch: number;
    /** How many partitions' batches a consumer applies at once (each in its own transaction). */
    consumerConcurrency: number;
  };
  /** `production` unless the environment says development (see deploymentOf). */
  deployment: Deployment;
  auth: AuthSettings;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  bodyLimitBytes: number;
  /** Requests one caller (tenant and subject) may make per window; 0 turns the limit off. */
  rateLimit: { limit: number; windowMs: number };
  /** How long an Idempotency-Key is kept: a retry within it replays the first answer, after it runs anew. */
  idempotencyKeyTtlHours: number;
  /**
   * How long a consumed event's inbox row is kept (`INBOX_RETENTION_DAYS`): longer than the topics can hand the
   * event back (docs/OPERATIONS.md, "Pruning"), or a consumer whose offsets are lost would apply it a second time.
   */
  inboxRetentionDays: number;
}

export { ConfigError };

/** The injection token of a service's ServiceConfig (provided by PlatformModule). */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

type Env = Record<string, string | undefined>;
const envPrefix = (service: ServiceName) => service.toUpperCase().replace(/-/g, '_');

/** The topics' event retention plus a segment roll of a week (Kafka's default `segment.ms`), and a day. */
export const INBOX_RETENTION_MIN_DAYS = RETENTION_DAYS.events + 7 + 1;
export const INBOX_RETENTION_DEFAULT_DAYS = 45;

function url(env: Env, name: string, fallback: string | undefined, protocols: string[]): string | undefined {
  const raw = env[name] ?? fallback;
  if (raw === undefined) return undefined;
  try {
    const parsed = new URL(raw);
    if (!protocols.includes(parsed.protocol)) throw new Error();
  } catch {
    throw new ConfigError(name, `must be a ${protocols.join(' or ')} URL`);
  }
  return raw;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(name, `must be true or false (got "${raw}")`);
}

function brokers(env: Env): string[] {
  const raw = env.KAFKA_BROKERS ?? '127.0.0.1:59092';
  const list = raw.split(',').map((b) => b.trim());
  if (!list.every((b) => /^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/.test(b))) throw new ConfigError('KAFKA_BROKERS', `must be host:port[,host:port] (got "${raw}")`);
  return list;
}

function topicPrefix(env: Env): string {
  const raw = env.KAFKA_TOPIC_PREFIX ?? '';
  if (!/^[A-Za-z0-9._-]*$/.test(raw)) throw new ConfigError('KAFKA_TOPIC_PREFIX', 'may hold only letters, digits, ".", "_" and "-"');
  return raw;
}

/** How tokens are read, the same in every deployment: claim paths, accepted `typ` headers, the longest lifetime. */
function tokenRules(env: Env, defaultMaxLifetimeS: number): Pick<AuthSettings, 'tenantClaim' | 'rolesClaim' | 'tokenTypes' | 'maxLifetimeS'> {
  const claim = (name: string, fallback: string) => {
    const raw = env[name] ?? fallback;
    if (!/^[A-Za-z0-9_:/-]+(\.[A-Za-z0-9_:/-]+)*$/.test(raw)) throw new ConfigError(name, `must be a claim name or a dotted path such as realm_access.roles (got "${raw}")`);
    return raw;
  };
  const types = (env.AUTH_TOKEN_TYPES ?? 'at+jwt,JWT').split(',').map((t) => t.trim()).filter(Boolean);
  if (types.length === 0) throw new ConfigError('AUTH_TOKEN_TYPES', 'must name at least one accepted typ header (e.g. at+jwt)');
  return {
    tenantClaim: claim('AUTH_TENANT_CLAIM', 'tenant'),
    rolesClaim: claim('AUTH_ROLES_CLAIM', 'roles'),
    tokenTypes: types,
    maxLifetimeS: intSetting(env, 'AUTH_MAX_TOKEN_LIFETIME_S', defaultMaxLifetimeS, 60, 7 * 86_400),
  };
}

/**
 * The clinic's identity provider, nothing else: an https JWKS, an explicit issuer and audience. The local keys (a
 * file whose private half sits beside it) and the local issuer are refused, so an image or a volume that happens to
 * hold them cannot be used to mint tokens that production accepts.
 */
function productionAuth(env: Env): AuthSettings {
  if (env.AUTH_JWKS_FILE) throw new ConfigError('AUTH_JWKS_FILE', 'is for development only: in production set AUTH_JWKS_URL to the identity provider (or IOP_ENV=development on a developer machine)');
  if (!env.AUTH_JWKS_URL) throw new ConfigError('AUTH_JWKS_URL', 'must be set in production: the https URL of the identity provider\'s JWKS');
  const jwksUrl = url(env, 'AUTH_JWKS_URL', undefined, ['https:'])!;
  const issuer = env.AUTH_ISSUER?.trim();
  if (!issuer) throw new ConfigError('AUTH_ISSUER', 'must be set in production: the identity provider\'s issuer');
  if (issuer === LOCAL_IDENTITY_ISSUER || issuer === LEGACY_DEV_ISSUER) throw new ConfigError('AUTH_ISSUER', `must not be the local development issuer "${issuer}" in production`);
  const audience = env.AUTH_AUDIENCE?.trim();
  if (!audience) throw new ConfigError('AUTH_AUDIENCE', 'must be set in production: the audience the identity provider puts in tokens for this platform');
  return { jwksUrl, issuer, audience, ...tokenRules(env, 3_600) };
}

/** A developer's machine: the local identity's JWKS file unless a URL is given (http allowed, e.g. a local provider). */
function developmentAuth(env: Env): AuthSettings {
  const jwksUrl = url(env, 'AUTH_JWKS_URL', undefined, ['https:', 'http:']);
  const jwksFile = jwksUrl ? undefined : (env.AUTH_JWKS_FILE ?? defaultJwksFile(env));
  if (jwksFile && !existsSync(jwksFile)) throw new ConfigError('AUTH_JWKS_FILE', `points to a missing file (${jwksFile}); run npm start once or set AUTH_JWKS_URL`);
  // The local token CLI signs tokens for 8 hours; a day leaves room for a long session of manual testing.
  return { jwksFile, jwksUrl, issuer: env.AUTH_ISSUER ?? LOCAL_IDENTITY_ISSUER, audience: env.AUTH_AUDIENCE ?? DEV_AUDIENCE, ...tokenRules(env, 86_400) };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadServiceConfig(service: ServiceName, env: Env = process.env): ServiceConfig {
  const prefix = envPrefix(service);
  const { port, database } = SERVICES[service];
  const pgHost = env.PGHOST ?? '127.0.0.1';
  const pgPort = intSetting(env, 'PGPORT', 55432, 1, 65535);
  const logLevel = (env.LOG_LEVEL ?? 'info') as ServiceConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  /** A bus setting: `<SERVICE>_<NAME>` for this service alone, else `<NAME>` for every service, else the default. */
  const tuning = (name: string, fallback: number, min: number, max: number) =>
    intSetting(env, `${prefix}_${name}`, intSetting(env, name, fallback, min, max), min, max);
  const deployment = deploymentOf(env);
  const auth = deployment === 'production' ? productionAuth(env) : developmentAuth(env);
  const kafkaSecurity = kafkaSecurityFromEnv(env, { servicePrefix: prefix, deployment });
  return {
    service,
    host: env.HOST ?? '127.0.0.1',
    port: intSetting(env, `${prefix}_PORT`, port, 0, 65535),
    databaseUrl: url(env, `${prefix}_DATABASE_URL`, `postgres://${database}:${database}@${pgHost}:${pgPort}/${database}`, ['postgres:', 'postgresql:'])!,
    ...(env[`${prefix}_MIGRATION_DATABASE_URL`] ? { migrationDatabaseUrl: url(env, `${prefix}_MIGRATION_DATABASE_URL`, undefined, ['postgres:', 'postgresql:'])! } : {}),
    migrateAtStart: flag(env, 'MIGRATE_AT_START', true),
    databasePoolSize: intSetting(env, `${prefix}_DATABASE_POOL_SIZE`, 10, 1, 200),
    kafkaBrokers: brokers(env),
    kafkaSecurity,
    kafkaReplicationFactor: intSetting(env, 'KAFKA_REPLICATION_FACTOR', deployment === 'production' ? 3 : 1, 1, 10),
    kafkaTopicCheck: flag(env, 'KAFKA_TOPIC_CHECK', true),
    kafkaTopicPrefix: topicPrefix(env),
    kafkaTuning: {
      publishLingerMs: tuning('KAFKA_PUBLISH_LINGER_MS', 5, 0, 1_000),
      fetchMinBytes: tuning('KAFKA_FETCH_MIN_BYTES', 1, 1, 10_485_760),
      fetchMaxWaitMs: tuning('KAFKA_FETCH_MAX_WAIT_MS', 1_000, 5, 10_000),
      commitIntervalMs: tuning('KAFKA_COMMIT_INTERVAL_MS', 1_000, 0, 60_000),
      consumerMaxBatch: tuning('CONSUMER_MAX_BATCH', 100, 1, 1_000),
      consumerConcurrency: tuning('CONSUMER_CONCURRENCY', 6, 1, 64),
    },
    deployment,
    auth,
    logLevel,
    bodyLimitBytes: intSetting(env, 'HTTP_BODY_LIMIT_BYTES', 1_048_576, 1024, 50 * 1_048_576),
    // 200 requests a second on average over 10 s: far above a person or a well-behaved integration, far below what
    // takes a service from everyone else.
    rateLimit: { limit: intSetting(env, 'HTTP_RATE_LIMIT', 2_000, 0, 10_000_000), windowMs: intSetting(env, 'HTTP_RATE_LIMIT_WINDOW_MS', 10_000, 1_000, 3_600_000) },
    idempotencyKeyTtlHours: intSetting(env, 'IDEMPOTENCY_KEY_TTL_HOURS', 24, 1, 24 * 30),
    // The topics keep events RETENTION_DAYS.events (30) days, and Kafka deletes a segment only once its newest record
    // is that old: with the broker's default weekly segment roll a record can be read up to 37 days after it was written.
    inboxRetentionDays: intSetting(env, 'INBOX_RETENTION_DAYS', INBOX_RETENTION_DEFAULT_DAYS, INBOX_RETENTION_MIN_DAYS, 3650),
  };
}
