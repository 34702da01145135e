/**
 * The webhooks service's own settings, read once at start-up like the platform's (a wrong value stops the service
 * with a message naming the variable). Defaults follow Svix's schedule and the issue (15 s timeout, 5 days).
 */
import { createHash } from 'node:crypto';
import { ConfigError, intSetting, deploymentOf } from '@iop/platform';
import { parseDuration, parseDurationList } from './durations';

export interface WebhooksConfig {
  /** AES-256-GCM key that seals endpoint secrets at rest. */
  secretKey: Buffer;
  /** Earlier keys, to open secrets sealed before a rotation (WEBHOOKS_PREVIOUS_SECRET_KEYS). */
  previousSecretKeys: Buffer[];
  secretKeyIsDevDefault: boolean;
  /** Plain `http://` targets (development); production sends only over https. */
  allowHttp: boolean;
  /** CIDRs exempt from the private-address refusal (development receivers on loopback). */
  allowedCidrs: string[];
  timeoutMs: number;
  /** Delay before each attempt of a round: [0, 5 s, 5 min, ...]; its length is the number of attempts. */
  retryScheduleMs: number[];
  /** Each delay is spread by up to this fraction either way, so retries of many messages do not arrive together. */
  jitter: number;
  maxRetryAfterMs: number;
  disableAfterMs: number;
  previousSecretTtlMs: number;
  /** Deliveries per second per endpoint when the subscription sets none; 0 = unlimited. */
  defaultRateLimit: number;
  batchSize: number;
  maxInFlight: number;
  pollMs: number;
  workerPoolSize: number;
  dnsCacheMs: number;
  maxSocketsPerEndpoint: number;
}

type Env = Record<string, string | undefined>;

/** Only for a developer's machine: production refuses to start without WEBHOOKS_SECRET_KEY. */
const DEV_KEY = createHash('sha256').update('iop-webhooks local development key: never use in production').digest();

function secretKey(env: Env): { key: Buffer; dev: boolean } {
  const raw = env.WEBHOOKS_SECRET_KEY;
  if (!raw) {
    if (deploymentOf(env) === 'production') throw new ConfigError('WEBHOOKS_SECRET_KEY', 'must be set in production (32 bytes, base64 or hex)');
    return { key: DEV_KEY, dev: true };
  }
  return { key: parseKey('WEBHOOKS_SECRET_KEY', raw), dev: false };
}

function parseKey(name: string, raw: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) throw new ConfigError(name, 'must be 32 bytes, as 64 hex digits or base64');
  return key;
}

/** Comma-separated earlier keys, kept while secrets sealed under them remain (docs/OPERATIONS.md, key rotation). */
const previousKeys = (env: Env): Buffer[] =>
  (env.WEBHOOKS_PREVIOUS_SECRET_KEYS ?? '').split(',').map((k) => k.trim()).filter(Boolean).map((k) => parseKey('WEBHOOKS_PREVIOUS_SECRET_KEYS', k));

function duration(env: Env, name: string, fallback: string): number {
  try {
    return parseDuration(env[name] || fallback);
  } catch (err) {
    throw new ConfigError(name, (err as Error).message);
  }
}

function schedule(env: Env): number[] {
  try {
    const list = parseDurationList(env.WEBHOOKS_RETRY_SCHEDULE || '0,5s,5m,30m,2h,5h,10h,10h');
    if (list.length < 1 || list.length > 20) throw new Error('must list 1 to 20 delays');
    return list;
  } catch (err) {
    throw new ConfigError('WEBHOOKS_RETRY_SCHEDULE', `${(err as Error).message} (e.g. "0,5s,5m,30m,2h,5h,10h,10h")`);
  }
}

function flag(env: Env, name: string): boolean {
  const raw = (env[name] ?? '').toLowerCase();
  if (!['', 'true', 'false', '1', '0'].includes(raw)) throw new ConfigError(name, 'must be true or false');
  return raw === 'true' || raw === '1';
}

const cidrs = (env: Env): string[] => (env.WEBHOOKS_ALLOWED_CIDRS ?? '').split(',').map((c) => c.trim()).filter(Boolean);

export function loadWebhooksConfig(env: Env = process.env): WebhooksConfig {
  const { key, dev } = secretKey(env);
  const jitterPercent = intSetting(env, 'WEBHOOKS_RETRY_JITTER_PERCENT', 20, 0, 50);
  return {
    secretKey: key,
    previousSecretKeys: previousKeys(env),
    secretKeyIsDevDefault: dev,
    allowHttp: flag(env, 'WEBHOOKS_ALLOW_HTTP'),
    allowedCidrs: cidrs(env),
    timeoutMs: duration(env, 'WEBHOOKS_TIMEOUT', '15s'),
    retryScheduleMs: schedule(env),
    jitter: jitterPercent / 100,
    maxRetryAfterMs: duration(env, 'WEBHOOKS_MAX_RETRY_AFTER', '24h'),
    disableAfterMs: duration(env, 'WEBHOOKS_DISABLE_AFTER', '5d'),
    previousSecretTtlMs: duration(env, 'WEBHOOKS_PREVIOUS_SECRET_TTL', '24h'),
    defaultRateLimit: intSetting(env, 'WEBHOOKS_RATE_LIMIT_PER_S', 0, 0, 100_000),
    batchSize: intSetting(env, 'WEBHOOKS_BATCH_SIZE', 200, 1, 5_000),
    maxInFlight: intSetting(env, 'WEBHOOKS_MAX_IN_FLIGHT', 512, 1, 20_000),
    pollMs: duration(env, 'WEBHOOKS_POLL', '1s'),
    workerPoolSize: intSetting(env, 'WEBHOOKS_WORKER_POOL_SIZE', 4, 2, 50),
    dnsCacheMs: duration(env, 'WEBHOOKS_DNS_CACHE', '5s'),
    maxSocketsPerEndpoint: intSetting(env, 'WEBHOOKS_MAX_SOCKETS_PER_ENDPOINT', 64, 1, 1_000),
  };
}
