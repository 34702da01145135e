/**
 * How a Kafka client proves who it is and whom it talks to: TLS (with a private CA bundle, optionally a client
 * certificate for mutual TLS) and SASL (SCRAM, PLAIN, or OAUTHBEARER with tokens from an OAuth token endpoint by the
 * client-credentials grant). Read from the environment the same way by the services, the local stack, the CLI tools
 * and the test helpers, so one set of variables reaches every client (docs/OPERATIONS.md, "Managed Kafka").
 */
import { readFileSync } from 'node:fs';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import type { ConnectionOptions } from 'node:tls';
import { ConfigError } from '../config/config-error';
import type { Deployment } from '../config/deployment';

export const SASL_MECHANISMS = ['scram-sha-512', 'scram-sha-256', 'plain', 'oauthbearer'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

export interface KafkaTls {
  /** PEM bundle of the CAs the brokers' certificates chain to; unset: Node's public CAs. */
  caFile?: string;
  /** Client certificate and key (PEM) for mutual TLS, both or neither. */
  certFile?: string;
  keyFile?: string;
  rejectUnauthorized: boolean;
}

export type KafkaSasl =
  | { mechanism: 'scram-sha-512' | 'scram-sha-256' | 'plain'; username: string; password: string }
  | { mechanism: 'oauthbearer'; tokenUrl: string; clientId: string; clientSecret: string; scope?: string };

export interface KafkaSecurity {
  tls?: KafkaTls;
  sasl?: KafkaSasl;
}

type Env = Record<string, string | undefined>;

/**
 * The Kafka security settings: each `<SERVICE>_KAFKA_<NAME>` for one service alone (when `servicePrefix` is given),
 * else `KAFKA_<NAME>` for every client. Secrets arrive already read from their `*_FILE` (withSecretFiles).
 * In production, a connection that is neither encrypted nor authenticated is refused unless
 * `KAFKA_ALLOW_PLAINTEXT=true` says it is meant (a broker on a private network the operator vouches for).
 */
export function kafkaSecurityFromEnv(env: Env, options: { servicePrefix?: string; deployment?: Deployment } = {}): KafkaSecurity {
  const name = (suffix: string): string => {
    const own = options.servicePrefix ? `${options.servicePrefix}_KAFKA_${suffix}` : undefined;
    return own && env[own] !== undefined && env[own] !== '' ? own : `KAFKA_${suffix}`;
  };
  const value = (suffix: string): string | undefined => {
    const raw = env[name(suffix)];
    return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
  };
  const flag = (suffix: string, fallback: boolean): boolean => {
    const raw = value(suffix);
    if (raw === undefined) return fallback;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    throw new ConfigError(name(suffix), `must be true or false (got "${raw}")`);
  };
  const required = (suffix: string, why: string): string => {
    const raw = value(suffix);
    if (raw === undefined) throw new ConfigError(name(suffix), `must be set (or ${name(suffix)}_FILE) ${why}`);
    return raw;
  };

  const security: KafkaSecurity = {};
  if (flag('SSL', false)) {
    const certFile = value('SSL_CERT_FILE');
    const keyFile = value('SSL_KEY_FILE');
    if (Boolean(certFile) !== Boolean(keyFile)) {
      throw new ConfigError(certFile ? name('SSL_KEY_FILE') : name('SSL_CERT_FILE'), 'must be set too: mutual TLS needs both the client certificate and its key');
    }
    security.tls = { caFile: value('SSL_CA_FILE'), certFile, keyFile, rejectUnauthorized: flag('SSL_REJECT_UNAUTHORIZED', true) };
    if (!security.tls.rejectUnauthorized && options.deployment === 'production') {
      throw new ConfigError(name('SSL_REJECT_UNAUTHORIZED'), 'must not be false in production: anyone on the path could then pose as the broker; give the broker\'s CA in KAFKA_SSL_CA_FILE instead');
    }
  } else {
    for (const suffix of ['SSL_CA_FILE', 'SSL_CERT_FILE', 'SSL_KEY_FILE']) {
      if (value(suffix)) throw new ConfigError(name(suffix), `is set but ${name('SSL')} is not true: set ${name('SSL')}=true to use TLS`);
    }
  }

  const mechanism = value('SASL_MECHANISM')?.toLowerCase();
  if (mechanism !== undefined) {
    if (!(SASL_MECHANISMS as readonly string[]).includes(mechanism)) {
      throw new ConfigError(name('SASL_MECHANISM'), `must be one of ${SASL_MECHANISMS.join(', ')} (got "${mechanism}")`);
    }
    if (mechanism === 'oauthbearer') {
      const why = 'for SASL OAUTHBEARER (the client-credentials grant at the token endpoint)';
      const tokenUrl = required('SASL_OAUTHBEARER_TOKEN_URL', why);
      try {
        const parsed = new URL(tokenUrl);
        if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && options.deployment !== 'production')) throw new Error();
      } catch {
        throw new ConfigError(name('SASL_OAUTHBEARER_TOKEN_URL'), `must be an https URL${options.deployment === 'production' ? '' : ' (http only in development)'} (got "${tokenUrl}")`);
      }
      security.sasl = {
        mechanism,
        tokenUrl,
        clientId: required('SASL_OAUTHBEARER_CLIENT_ID', why),
        clientSecret: required('SASL_OAUTHBEARER_CLIENT_SECRET', why),
        scope: value('SASL_OAUTHBEARER_SCOPE'),
      };
    } else {
      const why = `for SASL ${mechanism.toUpperCase()}`;
      security.sasl = { mechanism: mechanism as 'scram-sha-512' | 'scram-sha-256' | 'plain', username: required('SASL_USERNAME', why), password: required('SASL_PASSWORD', why) };
    }
    if (mechanism === 'plain' && !security.tls) {
      throw new ConfigError(name('SASL_MECHANISM'), `plain sends the password as it is: it needs ${name('SSL')}=true`);
    }
  }

  // Mutual TLS authenticates the client as SASL does; either one over TLS is a secured connection.
  const secured = security.tls !== undefined && (security.sasl !== undefined || security.tls.certFile !== undefined);
  if (options.deployment === 'production' && !secured && !flag('ALLOW_PLAINTEXT', false)) {
    throw new ConfigError(
      security.tls ? name('SASL_MECHANISM') : name('SSL'),
      'must be set in production: the brokers must be reached over TLS (KAFKA_SSL=true) with SASL (KAFKA_SASL_MECHANISM) or a client certificate, '
        + 'else anyone on the network could read the topics or forge events; set KAFKA_ALLOW_PLAINTEXT=true only if that is meant',
    );
  }
  return security;
}

/** What a log line or an error may say about the settings: never a secret. */
export function describeKafkaSecurity(security: KafkaSecurity): string {
  const tls = security.tls ? `TLS${security.tls.certFile ? ' (client certificate)' : ''}` : 'no TLS';
  const sasl = !security.sasl ? 'no SASL' : security.sasl.mechanism === 'oauthbearer' ? `SASL OAUTHBEARER (client ${security.sasl.clientId})` : `SASL ${security.sasl.mechanism.toUpperCase()} (user ${security.sasl.username})`;
  return `${tls}, ${sasl}`;
}

const readPem = (file: string, variable: string, read: (path: string) => string): string => {
  try {
    return read(file);
  } catch (err) {
    throw new ConfigError(variable, `names a file that cannot be read (${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
};

/**
 * An OAUTHBEARER token provider: the client-credentials grant at the token endpoint, the token reused until a minute
 * before it expires (kafkajs asks on every connection and re-authentication).
 */
export function oauthBearerTokens(sasl: Extract<KafkaSasl, { mechanism: 'oauthbearer' }>, fetchImpl: typeof fetch = fetch, now: () => number = Date.now): () => Promise<{ value: string }> {
  let cached: { value: string; until: number } | undefined;
  let pending: Promise<{ value: string }> | undefined;
  const request = async (): Promise<{ value: string }> => {
    const body = new URLSearchParams({ grant_type: 'client_credentials' });
    if (sasl.scope) body.set('scope', sasl.scope);
    const basic = Buffer.from(`${encodeURIComponent(sasl.clientId)}:${encodeURIComponent(sasl.clientSecret)}`).toString('base64');
    const res = await fetchImpl(sasl.tokenUrl, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    const json = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string };
    if (!res.ok || typeof json.access_token !== 'string') {
      throw new Error(`Kafka OAUTHBEARER: the token endpoint ${sasl.tokenUrl} answered ${res.status}${json.error ? ` (${json.error})` : ''} for client ${sasl.clientId}`);
    }
    const lifetimeMs = (typeof json.expires_in === 'number' ? json.expires_in : 300) * 1_000;
    cached = { value: json.access_token, until: now() + Math.max(0, lifetimeMs - 60_000) };
    return { value: json.access_token };
  };
  return async () => {
    if (cached && now() < cached.until) return { value: cached.value };
    pending ??= request().finally(() => {
      pending = undefined;
    });
    return pending;
  };
}

/** The kafkajs `ssl` and `sasl` options of the settings, the PEM files read now (a missing file stops the start). */
export function kafkaClientSecurity(security: KafkaSecurity, read: (path: string) => string = (path) => readFileSync(path, 'utf8')): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const out: Pick<KafkaConfig, 'ssl' | 'sasl'> = {};
  if (security.tls) {
    const tls: ConnectionOptions = { rejectUnauthorized: security.tls.rejectUnauthorized };
    if (security.tls.caFile) tls.ca = [readPem(security.tls.caFile, 'KAFKA_SSL_CA_FILE', read)];
    if (security.tls.certFile) tls.cert = readPem(security.tls.certFile, 'KAFKA_SSL_CERT_FILE', read);
    if (security.tls.keyFile) tls.key = readPem(security.tls.keyFile, 'KAFKA_SSL_KEY_FILE', read);
    out.ssl = tls;
  }
  if (security.sasl) {
    const sasl = security.sasl;
    out.sasl = sasl.mechanism === 'oauthbearer'
      ? ({ mechanism: 'oauthbearer', oauthBearerProvider: oauthBearerTokens(sasl) } as SASLOptions)
      : ({ mechanism: sasl.mechanism, username: sasl.username, password: sasl.password } as SASLOptions);
  }
  return out;
}
