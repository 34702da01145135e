import { loadIdentityConfig } from './config';

describe('identity configuration', () => {
  it('refuses to start outside development', () => {
    expect(() => loadIdentityConfig({})).toThrow(/IOP_ENV must be development/);
    expect(() => loadIdentityConfig({ IOP_ENV: 'production' })).toThrow(/CONSOLE_OIDC_ISSUER/);
    expect(() => loadIdentityConfig({ NODE_ENV: 'production' })).toThrow(/IOP_ENV/);
  });

  it('defaults to the local console and port, the demo clinic and the local signing key', () => {
    const config = loadIdentityConfig({ IOP_ENV: 'development', IOP_STACK_DIR: '/tmp/stack' });
    expect(config).toMatchObject({
      port: 3099, issuer: 'http://127.0.0.1:3099', consoleUrl: 'http://127.0.0.1:3100', clientId: 'iop-console', tenant: 'demo-clinic',
      accessTokenTtlS: 600, privateKeyFile: '/tmp/stack/keys/private.jwk.json',
    });
    expect(config.clientSecret.length).toBeGreaterThanOrEqual(16);
    expect(loadIdentityConfig({ IOP_ENV: 'development', IDENTITY_PORT: '4099', CONSOLE_PORT: '4100' })).toMatchObject({ issuer: 'http://127.0.0.1:4099', consoleUrl: 'http://127.0.0.1:4100' });
  });

  it('names the variable that is wrong', () => {
    const dev = { IOP_ENV: 'development' };
    expect(() => loadIdentityConfig({ ...dev, IDENTITY_PORT: 'x' })).toThrow(/IDENTITY_PORT/);
    expect(() => loadIdentityConfig({ ...dev, IDENTITY_ISSUER: 'http://127.0.0.1:3099/?a=1' })).toThrow(/IDENTITY_ISSUER/);
    expect(() => loadIdentityConfig({ ...dev, CONSOLE_PUBLIC_URL: 'console' })).toThrow(/CONSOLE_PUBLIC_URL/);
    expect(() => loadIdentityConfig({ ...dev, CONSOLE_OIDC_CLIENT_SECRET: 'short' })).toThrow(/CONSOLE_OIDC_CLIENT_SECRET/);
    expect(() => loadIdentityConfig({ ...dev, IDENTITY_ACCESS_TOKEN_TTL_S: '86400' })).toThrow(/IDENTITY_ACCESS_TOKEN_TTL_S/);
    expect(() => loadIdentityConfig({ ...dev, DEMO_TENANT: 'a b' })).toThrow(/DEMO_TENANT/);
  });
});
