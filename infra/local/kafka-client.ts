/**
 * The Kafka connection of the local tooling (the stack's own admin calls, the test helpers): the brokers and the same
 * `KAFKA_SSL*` and `KAFKA_SASL_*` variables the services read (libs/platform/src/kafka/kafka-security.ts), so a test
 * run or `npm run stack` can point at a secured broker. A subset: SCRAM and PLAIN with a password (or `*_FILE`), TLS
 * with a CA bundle and an optional client certificate; OAUTHBEARER and the production rules are the services' alone.
 * (The tooling may not depend on the platform library: the module boundaries in eslint.config.mjs.)
 */
import { readFileSync } from 'node:fs';
import type { KafkaConfig, SASLOptions } from 'kafkajs';

type Env = Record<string, string | undefined>;

const value = (env: Env, name: string): string | undefined => {
  const file = env[`${name}_FILE`];
  const raw = env[name] ?? (file ? readFileSync(file, 'utf8').replace(/\r?\n$/, '') : undefined);
  return raw === undefined || raw === '' ? undefined : raw;
};

export function localKafkaSecurity(env: Env = process.env): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const out: Pick<KafkaConfig, 'ssl' | 'sasl'> = {};
  if (env.KAFKA_SSL === 'true' || env.KAFKA_SSL === '1') {
    const ca = env.KAFKA_SSL_CA_FILE;
    const cert = env.KAFKA_SSL_CERT_FILE;
    const key = env.KAFKA_SSL_KEY_FILE;
    out.ssl = {
      rejectUnauthorized: !['false', '0'].includes(env.KAFKA_SSL_REJECT_UNAUTHORIZED ?? ''),
      ...(ca ? { ca: [readFileSync(ca, 'utf8')] } : {}),
      ...(cert && key ? { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') } : {}),
    };
  }
  const mechanism = env.KAFKA_SASL_MECHANISM?.toLowerCase();
  if (mechanism) {
    if (!['scram-sha-512', 'scram-sha-256', 'plain'].includes(mechanism)) {
      throw new Error(`KAFKA_SASL_MECHANISM=${mechanism}: the local tools speak scram-sha-512, scram-sha-256 and plain only`);
    }
    const username = value(env, 'KAFKA_SASL_USERNAME');
    const password = value(env, 'KAFKA_SASL_PASSWORD');
    if (!username || !password) throw new Error(`KAFKA_SASL_MECHANISM=${mechanism} needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (or their *_FILE)`);
    out.sasl = { mechanism, username, password } as SASLOptions;
  }
  return out;
}
