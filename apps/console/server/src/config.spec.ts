import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConsoleConfig } from './config';

const production = {
  IOP_ENV: 'production',
  CONSOLE_PUBLIC_URL: 'https://console.clinic.example',
  CONSOLE_OIDC_ISSUER: 'https://id.clinic.example/realms/iop',
  CONSOLE_OIDC_CLIENT_SECRET: 'a-real-client-secret-from-the-provider',
  CONSOLE_SESSION_SECRET: 'x'.repeat(48),
  CONSOLE_DATABASE_URL: 'postgres://console:secret@db.clinic.example:5432/console?sslmode=verify-full',
};

describe('console configuration', () => {
  it('works out of the box on a developer machine, against the local provider and services', () => {
    const config = loadConsoleConfig({ IOP_ENV: 'development' });
    expect(config).toMatchObject({
      port: 3100, publicUrl: 'http://127.0.0.1:3100', publicOrigin: 'http://127.0.0.1:3100', secureCookies: false,
      oidc: { issuer: 'http://127.0.0.1:3099', clientId: 'iop-console', scopes: 'openid profile iop api', tenantClaim: 'tenant', rolesClaim: 'roles' },
      session: { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 },
    });
    expect(config.services).toEqual({
      admissions: 'http://127.0.0.1:3101', scheduling: 'http://127.0.0.1:3102', 'clinical-notes': 'http://127.0.0.1:3103', outcomes: 'http://127.0.0.1:3104', webhooks: 'http://127.0.0.1:3105',
      fhir: 'http://127.0.0.1:3106',
    });
    expect(config.staticDir).toMatch(/dist\/apps\/console\/web$/);
    expect(loadConsoleConfig({ IOP_ENV: 'development', CONSOLE_SCHEDULING_URL: 'http://scheduling:3102/', SCHEDULING_PORT: '4102' }).services).toMatchObject({ scheduling: 'http://scheduling:3102' });
    expect(loadConsoleConfig({ IOP_ENV: 'development', ADMISSIONS_PORT: '4101' }).services.admissions).toBe('http://127.0.0.1:4101');
  });

  it('wants in production an https issuer and public URL and its own secrets, naming the variable', () => {
    expect(loadConsoleConfig(production)).toMatchObject({ deployment: 'production', secureCookies: true, publicOrigin: 'https://console.clinic.example' });
    expect(() => loadConsoleConfig({ ...production, CONSOLE_OIDC_ISSUER: undefined })).toThrow(/CONSOLE_OIDC_ISSUER must be set in production/);
    expect(() => loadConsoleConfig({ ...production, CONSOLE_OIDC_ISSUER: 'http://id.clinic.example' })).toThrow(/CONSOLE_OIDC_ISSUER must be a https: URL in production/);
    expect(() => loadConsoleConfig({ ...production, CONSOLE_PUBLIC_URL: 'http://console.clinic.example' })).toThrow(/CONSOLE_PUBLIC_URL must be a https: URL/);
    expect(() => loadConsoleConfig({ ...production, CONSOLE_PUBLIC_URL: undefined })).toThrow(/CONSOLE_PUBLIC_URL must be set/);
    expect(() => loadConsoleConfig({ ...production, CONSOLE_OIDC_CLIENT_SECRET: undefined })).toThrow(/CONSOLE_OIDC_CLIENT_SECRET must be set in production/);
    expect(() => loadConsoleConfig({ ...production, CONSOLE_OIDC_CLIENT_SECRET: 'iop-console-development-secret' })).toThrow(/CONSOLE_OIDC_CLIENT_SECRET must not be the development default/);
    expect(() => loadConsoleConfig({ ...production, CONSOLE_SESSION_SECRET: undefined })).toThrow(/CONSOLE_SESSION_SECRET must be set in production/);
    expect(() => loadConsoleConfig({ ...production, CONSOLE_SESSION_SECRET: 'short' })).toThrow(/CONSOLE_SESSION_SECRET must be at least 32 characters/);
  });

  it('refuses malformed values with the variable\'s name', () => {
    const dev = { IOP_ENV: 'development' };
    expect(() => loadConsoleConfig({ ...dev, CONSOLE_PORT: 'http' })).toThrow(/CONSOLE_PORT must be a whole number/);
    expect(() => loadConsoleConfig({ ...dev, CONSOLE_PUBLIC_URL: 'http://127.0.0.1:3100/console' })).toThrow(/CONSOLE_PUBLIC_URL must be an origin without a path/);
    expect(() => loadConsoleConfig({ ...dev, CONSOLE_ADMISSIONS_URL: 'ftp://x' })).toThrow(/CONSOLE_ADMISSIONS_URL must be a http: or https: URL/);
    expect(() => loadConsoleConfig({ ...dev, CONSOLE_OIDC_SCOPES: 'profile' })).toThrow(/CONSOLE_OIDC_SCOPES must include openid/);
    expect(() => loadConsoleConfig({ ...dev, CONSOLE_SESSION_IDLE_MINUTES: '0' })).toThrow(/CONSOLE_SESSION_IDLE_MINUTES/);
    expect(() => loadConsoleConfig({ ...dev, AUTH_ROLES_CLAIM: 'a..b' })).toThrow(/AUTH_ROLES_CLAIM/);
    expect(() => loadConsoleConfig({ ...dev, CONSOLE_OIDC_RESOURCE: 'not a uri' })).toThrow(/CONSOLE_OIDC_RESOURCE/);
  });

  it('reads a secret from the file its _FILE variable names', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'console-secret-')), 'secret');
    writeFileSync(file, `${'s'.repeat(40)}\n`);
    expect(loadConsoleConfig({ ...production, CONSOLE_SESSION_SECRET: undefined, CONSOLE_SESSION_SECRET_FILE: file }).session.secret).toBe('s'.repeat(40));
    expect(() => loadConsoleConfig({ ...production, CONSOLE_SESSION_SECRET_FILE: file })).toThrow(/both set/);
    expect(() => loadConsoleConfig({ ...production, CONSOLE_SESSION_SECRET: undefined, CONSOLE_SESSION_SECRET_FILE: `${file}-missing` })).toThrow(/CONSOLE_SESSION_SECRET_FILE names a file that cannot be read/);
  });

  it('keeps sessions in PostgreSQL when given a database, which production requires (several replicas share it)', () => {
    expect(loadConsoleConfig({ IOP_ENV: 'development' }).databaseUrl).toBeUndefined();
    expect(loadConsoleConfig(production).databaseUrl).toBe(production.CONSOLE_DATABASE_URL);
    expect(() => loadConsoleConfig({ ...production, CONSOLE_DATABASE_URL: undefined })).toThrow(/CONSOLE_DATABASE_URL.*must be set in production/);
    expect(() => loadConsoleConfig({ ...production, CONSOLE_DATABASE_URL: 'mysql://x/y' })).toThrow(/CONSOLE_DATABASE_URL.*postgres:\/\//);
  });
});
