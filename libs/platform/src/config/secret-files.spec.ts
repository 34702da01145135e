import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config-error';
import { applySecretFiles, isSecretVariable, withSecretFiles } from './secret-files';
import { loadServiceConfig } from './service-config';

const dir = mkdtempSync(join(tmpdir(), 'secrets-'));
const file = (name: string, content: string): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('secrets from files (NAME_FILE)', () => {
  it('knows which variables are secrets, and leaves other *_FILE variables to their readers', () => {
    for (const name of [
      'ADMISSIONS_DATABASE_URL', 'CLINICAL_NOTES_DATABASE_URL', 'OUTCOMES_MIGRATION_DATABASE_URL', 'WEBHOOKS_SECRET_KEY', 'ANALYTICS_PSEUDONYM_KEYS',
      'KAFKA_SASL_PASSWORD', 'SCHEDULING_KAFKA_SASL_PASSWORD', 'KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET', 'CONSOLE_OIDC_CLIENT_SECRET', 'CONSOLE_SESSION_SECRET',
    ]) expect([name, isSecretVariable(name)]).toEqual([name, true]);
    for (const name of ['AUTH_JWKS', 'KAFKA_BROKERS', 'LOG_LEVEL', 'ADMISSIONS_PORT']) expect([name, isSecretVariable(name)]).toEqual([name, false]);
    const jwks = file('jwks.json', '{"keys":[]}');
    expect(withSecretFiles({ AUTH_JWKS_FILE: jwks })).toEqual({ AUTH_JWKS_FILE: jwks });
  });

  it('reads the value from the file, without the trailing line break, and drops the _FILE variable', () => {
    const env = {
      WEBHOOKS_SECRET_KEY_FILE: file('webhooks-key', `${'ab'.repeat(32)}\n`),
      ADMISSIONS_DATABASE_URL_FILE: file('db-url', 'postgres://admissions:s3cret@db:5432/admissions?sslmode=verify-full\r\n'),
      ANALYTICS_PSEUDONYM_KEYS_FILE: file('analytics', 'v1:0123456789abcdef0123,v2:fedcba9876543210fedc'),
      LOG_LEVEL: 'warn',
    };
    expect(withSecretFiles(env)).toEqual({
      WEBHOOKS_SECRET_KEY: 'ab'.repeat(32),
      ADMISSIONS_DATABASE_URL: 'postgres://admissions:s3cret@db:5432/admissions?sslmode=verify-full',
      ANALYTICS_PSEUDONYM_KEYS: 'v1:0123456789abcdef0123,v2:fedcba9876543210fedc',
      LOG_LEVEL: 'warn',
    });
    expect(env.WEBHOOKS_SECRET_KEY_FILE).toBeDefined(); // the input is left as it was
  });

  it('refuses both forms at once, a missing or empty file, and an empty path, naming the variable', () => {
    const key = file('key', 'ab'.repeat(32));
    expect(() => withSecretFiles({ WEBHOOKS_SECRET_KEY: 'x', WEBHOOKS_SECRET_KEY_FILE: key })).toThrow(ConfigError);
    expect(() => withSecretFiles({ WEBHOOKS_SECRET_KEY: 'x', WEBHOOKS_SECRET_KEY_FILE: key })).toThrow(/WEBHOOKS_SECRET_KEY_FILE and WEBHOOKS_SECRET_KEY are both set/);
    expect(() => withSecretFiles({ CONSOLE_SESSION_SECRET_FILE: join(dir, 'absent') })).toThrow(/CONSOLE_SESSION_SECRET_FILE names a file that cannot be read .*ENOENT/);
    expect(() => withSecretFiles({ CONSOLE_SESSION_SECRET_FILE: file('empty', '\n') })).toThrow(/CONSOLE_SESSION_SECRET_FILE names an empty file/);
    expect(() => withSecretFiles({ KAFKA_SASL_PASSWORD_FILE: '' })).toThrow(/KAFKA_SASL_PASSWORD_FILE is empty/);
    // An empty plain variable is as good as unset: the file gives the value.
    expect(withSecretFiles({ WEBHOOKS_SECRET_KEY: '', WEBHOOKS_SECRET_KEY_FILE: key }).WEBHOOKS_SECRET_KEY).toBe('ab'.repeat(32));
  });

  it('applies to a process environment in place, so every configuration reader sees the plain variable', () => {
    const env: NodeJS.ProcessEnv = { OUTCOMES_DATABASE_URL_FILE: file('outcomes-url', 'postgres://outcomes:pw@db.internal:5432/outcomes\n'), IOP_ENV: 'development' };
    applySecretFiles(env);
    expect(env).toEqual({ OUTCOMES_DATABASE_URL: 'postgres://outcomes:pw@db.internal:5432/outcomes', IOP_ENV: 'development' });
    applySecretFiles(env); // a second pass finds nothing to read
    expect(loadServiceConfig('outcomes', { ...env, AUTH_JWKS_URL: 'http://127.0.0.1:1/jwks' }).databaseUrl).toBe('postgres://outcomes:pw@db.internal:5432/outcomes');
  });
});

describe('migrations at start', () => {
  const base = { IOP_ENV: 'development', AUTH_JWKS_URL: 'http://127.0.0.1:1/jwks' };

  it('run at start unless MIGRATE_AT_START=false says a release job runs them', () => {
    expect(loadServiceConfig('admissions', base).migrateAtStart).toBe(true);
    expect(loadServiceConfig('admissions', { ...base, MIGRATE_AT_START: 'false' }).migrateAtStart).toBe(false);
    expect(loadServiceConfig('admissions', { ...base, MIGRATE_AT_START: '1' }).migrateAtStart).toBe(true);
    expect(() => loadServiceConfig('admissions', { ...base, MIGRATE_AT_START: 'no' })).toThrow(/MIGRATE_AT_START must be true or false/);
  });
});
