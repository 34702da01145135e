import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deploymentOf } from './deployment';
import { ConfigError, loadServiceConfig } from './service-config';

const base = { AUTH_JWKS_URL: 'https://id.example.org/.well-known/jwks.json', AUTH_ISSUER: 'https://id.example.org', AUTH_AUDIENCE: 'iop-api', KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'admissions', KAFKA_SASL_PASSWORD: 'invented' };

describe('service configuration: bus settings', () => {
  it('defaults, then the setting for every service, then the one for this service alone', () => {
    expect(loadServiceConfig('outcomes', base).kafkaTuning).toMatchObject({ fetchMinBytes: 1, fetchMaxWaitMs: 1_000, consumerConcurrency: 6 });
    const env = { ...base, KAFKA_FETCH_MAX_WAIT_MS: '200', OUTCOMES_KAFKA_FETCH_MAX_WAIT_MS: '50', CLINICAL_NOTES_CONSUMER_CONCURRENCY: '2' };
    expect(loadServiceConfig('outcomes', env).kafkaTuning).toMatchObject({ fetchMaxWaitMs: 50, consumerConcurrency: 6 });
    expect(loadServiceConfig('admissions', env).kafkaTuning).toMatchObject({ fetchMaxWaitMs: 200, consumerConcurrency: 6 });
    expect(loadServiceConfig('clinical-notes', env).kafkaTuning).toMatchObject({ fetchMaxWaitMs: 200, consumerConcurrency: 2 });
  });

  it('refuses a value out of range, naming the variable that holds it', () => {
    expect(() => loadServiceConfig('webhooks', { ...base, WEBHOOKS_KAFKA_PUBLISH_LINGER_MS: '-1' })).toThrow(ConfigError);
    expect(() => loadServiceConfig('webhooks', { ...base, WEBHOOKS_KAFKA_PUBLISH_LINGER_MS: '-1' })).toThrow(/WEBHOOKS_KAFKA_PUBLISH_LINGER_MS/);
    expect(() => loadServiceConfig('webhooks', { ...base, KAFKA_PUBLISH_LINGER_MS: 'soon' })).toThrow(/KAFKA_PUBLISH_LINGER_MS/);
  });
});

describe('service configuration: identity outside development', () => {
  const keysDir = mkdtempSync(join(tmpdir(), 'keys-'));
  const jwksFile = join(keysDir, 'jwks.json');
  writeFileSync(jwksFile, '{"keys":[]}');

  it('is production unless development is said (IOP_ENV, or NODE_ENV development/test)', () => {
    expect(deploymentOf({})).toBe('production');
    expect(deploymentOf({ NODE_ENV: 'production' })).toBe('production');
    expect(deploymentOf({ NODE_ENV: 'staging' })).toBe('production');
    expect(deploymentOf({ NODE_ENV: 'development' })).toBe('development');
    expect(deploymentOf({ NODE_ENV: 'test' })).toBe('development');
    expect(deploymentOf({ NODE_ENV: 'development', IOP_ENV: 'production' })).toBe('production');
    expect(deploymentOf({ NODE_ENV: 'production', IOP_ENV: 'development' })).toBe('development');
    expect(() => deploymentOf({ IOP_ENV: 'prod' })).toThrow(/IOP_ENV/);
  });

  it('refuses to start without the identity provider: an https JWKS URL, an issuer and an audience', () => {
    expect(() => loadServiceConfig('admissions', {})).toThrow(/AUTH_JWKS_URL must be set in production/);
    expect(() => loadServiceConfig('admissions', { ...base, AUTH_JWKS_URL: 'http://id.example.org/jwks.json' })).toThrow(/AUTH_JWKS_URL must be a https: URL/);
    expect(() => loadServiceConfig('admissions', { ...base, AUTH_ISSUER: undefined })).toThrow(/AUTH_ISSUER must be set/);
    expect(() => loadServiceConfig('admissions', { ...base, AUTH_AUDIENCE: '' })).toThrow(/AUTH_AUDIENCE must be set/);
    expect(loadServiceConfig('admissions', base)).toMatchObject({
      deployment: 'production',
      auth: { jwksUrl: base.AUTH_JWKS_URL, issuer: base.AUTH_ISSUER, audience: 'iop-api', maxLifetimeS: 3_600, tenantClaim: 'tenant', rolesClaim: 'roles' },
    });
  });

  it('refuses the local keys and the local issuer in production, even when the file is there', () => {
    expect(() => loadServiceConfig('outcomes', { NODE_ENV: 'production', AUTH_JWKS_FILE: jwksFile })).toThrow(/AUTH_JWKS_FILE is for development only/);
    expect(() => loadServiceConfig('outcomes', { ...base, AUTH_JWKS_FILE: jwksFile })).toThrow(/AUTH_JWKS_FILE is for development only/);
    expect(() => loadServiceConfig('outcomes', { ...base, AUTH_ISSUER: 'iop-local' })).toThrow(/local development issuer/);
    expect(() => loadServiceConfig('outcomes', { ...base, AUTH_ISSUER: 'http://127.0.0.1:3099' })).toThrow(/local development issuer/);
    // On a developer machine the file is the default.
    expect(loadServiceConfig('outcomes', { IOP_ENV: 'development', AUTH_JWKS_FILE: jwksFile }).auth).toMatchObject({ jwksFile, issuer: 'http://127.0.0.1:3099' });
  });

  it('takes the claim paths, the accepted token types and the longest lifetime from the environment', () => {
    const auth = loadServiceConfig('scheduling', { ...base, AUTH_TENANT_CLAIM: 'org.tenant', AUTH_ROLES_CLAIM: 'realm_access.roles', AUTH_TOKEN_TYPES: 'at+jwt', AUTH_MAX_TOKEN_LIFETIME_S: '900' }).auth;
    expect(auth).toMatchObject({ tenantClaim: 'org.tenant', rolesClaim: 'realm_access.roles', tokenTypes: ['at+jwt'], maxLifetimeS: 900 });
    expect(() => loadServiceConfig('scheduling', { ...base, AUTH_ROLES_CLAIM: 'realm_access..roles' })).toThrow(/AUTH_ROLES_CLAIM/);
    expect(() => loadServiceConfig('scheduling', { ...base, AUTH_MAX_TOKEN_LIFETIME_S: '31536000' })).toThrow(/AUTH_MAX_TOKEN_LIFETIME_S/);
  });
});
