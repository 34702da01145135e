import { loadServiceConfig } from '../config/service-config';
import { withSecretFiles } from '../config/secret-files';
import { describeKafkaSecurity, kafkaClientSecurity, kafkaSecurityFromEnv, oauthBearerTokens } from './kafka-security';

const production = { deployment: 'production' as const };
const scram = { KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'admissions', KAFKA_SASL_PASSWORD: 'invented' };

describe('Kafka security settings', () => {
  it('is plaintext by default on a developer machine, TLS and SCRAM when set', () => {
    expect(kafkaSecurityFromEnv({}, { deployment: 'development' })).toEqual({});
    expect(kafkaSecurityFromEnv({ ...scram, KAFKA_SSL_CA_FILE: '/etc/iop/kafka/ca.crt' }, production)).toEqual({
      tls: { caFile: '/etc/iop/kafka/ca.crt', certFile: undefined, keyFile: undefined, rejectUnauthorized: true },
      sasl: { mechanism: 'scram-sha-512', username: 'admissions', password: 'invented' },
    });
    expect(kafkaSecurityFromEnv({ ...scram, KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256' }, production).sasl).toMatchObject({ mechanism: 'scram-sha-256' });
  });

  it('takes a service\'s own setting before the one for every service', () => {
    const env = { ...scram, SCHEDULING_KAFKA_SASL_USERNAME: 'scheduling', SCHEDULING_KAFKA_SASL_PASSWORD: 'other' };
    expect(kafkaSecurityFromEnv(env, { servicePrefix: 'SCHEDULING', ...production }).sasl).toEqual({ mechanism: 'scram-sha-512', username: 'scheduling', password: 'other' });
    expect(kafkaSecurityFromEnv(env, { servicePrefix: 'ADMISSIONS', ...production }).sasl).toMatchObject({ username: 'admissions' });
  });

  it('reads the passwords and OAuth client secrets from their *_FILE variants', () => {
    const files: Record<string, string> = { '/run/secrets/kafka-password': 'from-file\n', '/run/secrets/secret': 's3cret' };
    const env = withSecretFiles({ KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD_FILE: '/run/secrets/kafka-password', OUTCOMES_KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET_FILE: '/run/secrets/secret' }, (p) => files[p]);
    expect(kafkaSecurityFromEnv(env, production).sasl).toMatchObject({ password: 'from-file' });
    const oauth = { ...env, OUTCOMES_KAFKA_SASL_MECHANISM: 'oauthbearer', KAFKA_SASL_OAUTHBEARER_TOKEN_URL: 'https://id.example.org/token', KAFKA_SASL_OAUTHBEARER_CLIENT_ID: 'iop-outcomes', KAFKA_SASL_OAUTHBEARER_SCOPE: 'kafka' };
    expect(kafkaSecurityFromEnv(oauth, { servicePrefix: 'OUTCOMES', ...production }).sasl).toEqual({ mechanism: 'oauthbearer', tokenUrl: 'https://id.example.org/token', clientId: 'iop-outcomes', clientSecret: 's3cret', scope: 'kafka' });
  });

  it('refuses incomplete or unsafe settings with the variable\'s name', () => {
    expect(() => kafkaSecurityFromEnv({ KAFKA_SASL_MECHANISM: 'gssapi' })).toThrow(/KAFKA_SASL_MECHANISM must be one of scram-sha-512, scram-sha-256, plain, oauthbearer/);
    expect(() => kafkaSecurityFromEnv({ ...scram, KAFKA_SASL_PASSWORD: '' })).toThrow(/KAFKA_SASL_PASSWORD must be set \(or KAFKA_SASL_PASSWORD_FILE\)/);
    expect(() => kafkaSecurityFromEnv({ ...scram, ADMISSIONS_KAFKA_SASL_MECHANISM: 'oauthbearer' }, { servicePrefix: 'ADMISSIONS' })).toThrow(/KAFKA_SASL_OAUTHBEARER_TOKEN_URL must be set/);
    expect(() => kafkaSecurityFromEnv({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' })).toThrow(/plain sends the password as it is: it needs KAFKA_SSL=true/);
    expect(() => kafkaSecurityFromEnv({ KAFKA_SSL_CA_FILE: '/ca.pem' })).toThrow(/KAFKA_SSL_CA_FILE is set but KAFKA_SSL is not true/);
    expect(() => kafkaSecurityFromEnv({ KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: '/c.pem' })).toThrow(/KAFKA_SSL_KEY_FILE must be set too/);
    expect(() => kafkaSecurityFromEnv({ KAFKA_SSL: 'yes' })).toThrow(/KAFKA_SSL must be true or false/);
    expect(() => kafkaSecurityFromEnv({ ...scram, KAFKA_SSL_REJECT_UNAUTHORIZED: 'false' }, production)).toThrow(/KAFKA_SSL_REJECT_UNAUTHORIZED must not be false in production/);
    expect(kafkaSecurityFromEnv({ ...scram, KAFKA_SSL_REJECT_UNAUTHORIZED: 'false' }, { deployment: 'development' }).tls?.rejectUnauthorized).toBe(false);
  });

  it('refuses plaintext in production unless KAFKA_ALLOW_PLAINTEXT=true says it is meant', () => {
    expect(() => kafkaSecurityFromEnv({}, production)).toThrow(/KAFKA_SSL must be set in production/);
    expect(() => kafkaSecurityFromEnv({ KAFKA_SSL: 'true' }, production)).toThrow(/KAFKA_SASL_MECHANISM must be set in production/);
    expect(() => kafkaSecurityFromEnv({ ...scram, KAFKA_SSL: 'false' }, production)).toThrow(/KAFKA_SSL must be set in production/);
    expect(kafkaSecurityFromEnv({ KAFKA_ALLOW_PLAINTEXT: 'true' }, production)).toEqual({});
    // Mutual TLS authenticates the client too.
    expect(kafkaSecurityFromEnv({ KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: '/c.pem', KAFKA_SSL_KEY_FILE: '/k.pem' }, production).tls).toMatchObject({ certFile: '/c.pem' });
    expect(() => loadServiceConfig('webhooks', { AUTH_JWKS_URL: 'https://id.example.org/jwks', AUTH_ISSUER: 'https://id.example.org', AUTH_AUDIENCE: 'iop-api' })).toThrow(/configuration: KAFKA_SSL must be set in production/);
    const config = loadServiceConfig('webhooks', { AUTH_JWKS_URL: 'https://id.example.org/jwks', AUTH_ISSUER: 'https://id.example.org', AUTH_AUDIENCE: 'iop-api', ...scram, WEBHOOKS_KAFKA_SASL_USERNAME: 'webhooks' });
    expect(config.kafkaSecurity.sasl).toMatchObject({ username: 'webhooks' });
    // Topics it creates get three replicas in production unless said otherwise; one on a developer's broker.
    expect(config).toMatchObject({ kafkaReplicationFactor: 3, kafkaTopicCheck: true });
    expect(loadServiceConfig('webhooks', { IOP_ENV: 'development', AUTH_JWKS_URL: 'http://127.0.0.1:3099/jwks', KAFKA_TOPIC_CHECK: 'false' })).toMatchObject({ kafkaReplicationFactor: 1, kafkaTopicCheck: false });
    expect(() => loadServiceConfig('webhooks', { IOP_ENV: 'development', AUTH_JWKS_URL: 'http://127.0.0.1:3099/jwks', KAFKA_REPLICATION_FACTOR: '0' })).toThrow(/KAFKA_REPLICATION_FACTOR must be a whole number from 1 to 10/);
  });

  it('gives kafkajs its ssl and sasl options, the PEM files read, and says what it uses without a secret', () => {
    const files: Record<string, string> = { '/ca.pem': 'CA', '/c.pem': 'CERT', '/k.pem': 'KEY' };
    const security = kafkaSecurityFromEnv({ ...scram, KAFKA_SSL_CA_FILE: '/ca.pem', KAFKA_SSL_CERT_FILE: '/c.pem', KAFKA_SSL_KEY_FILE: '/k.pem' }, production);
    expect(kafkaClientSecurity(security, (p) => files[p])).toEqual({ ssl: { rejectUnauthorized: true, ca: ['CA'], cert: 'CERT', key: 'KEY' }, sasl: { mechanism: 'scram-sha-512', username: 'admissions', password: 'invented' } });
    expect(() => kafkaClientSecurity(security, () => { throw Object.assign(new Error('no'), { code: 'ENOENT' }); })).toThrow(/KAFKA_SSL_CA_FILE names a file that cannot be read \(\/ca.pem: ENOENT\)/);
    expect(kafkaClientSecurity({})).toEqual({});
    expect(describeKafkaSecurity(security)).toBe('TLS (client certificate), SASL SCRAM-SHA-512 (user admissions)');
    expect(describeKafkaSecurity(security)).not.toContain('invented');
  });

  it('gets OAUTHBEARER tokens by the client-credentials grant and reuses one until a minute before it expires', async () => {
    let now = 0;
    const calls: { url: string; init: RequestInit }[] = [];
    const fetchStub = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(JSON.stringify({ access_token: `token-${calls.length}`, expires_in: 300 }), { status: 200 });
    }) as unknown as typeof fetch;
    const tokens = oauthBearerTokens({ mechanism: 'oauthbearer', tokenUrl: 'https://id.example.org/token', clientId: 'iop-admissions', clientSecret: 's3cret', scope: 'kafka' }, fetchStub, () => now);
    expect(await Promise.all([tokens(), tokens()])).toEqual([{ value: 'token-1' }, { value: 'token-1' }]);
    expect(calls).toHaveLength(1);
    expect(String(calls[0].init.body)).toBe('grant_type=client_credentials&scope=kafka');
    expect((calls[0].init.headers as Record<string, string>).authorization).toBe(`Basic ${Buffer.from('iop-admissions:s3cret').toString('base64')}`);
    now = 239_000;
    expect(await tokens()).toEqual({ value: 'token-1' });
    now = 241_000;
    expect(await tokens()).toEqual({ value: 'token-2' });
    const refused = oauthBearerTokens({ mechanism: 'oauthbearer', tokenUrl: 'https://id.example.org/token', clientId: 'c', clientSecret: 'wrong' },
      (async () => new Response(JSON.stringify({ error: 'invalid_client' }), { status: 401 })) as unknown as typeof fetch);
    await expect(refused()).rejects.toThrow('Kafka OAUTHBEARER: the token endpoint https://id.example.org/token answered 401 (invalid_client) for client c');
  });
});
