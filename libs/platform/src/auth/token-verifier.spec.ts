import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { TokenVerifier } from './token-verifier';

const settings = { issuer: 'test-issuer', audience: 'test-audience', tenantClaim: 'tenant', rolesClaim: 'roles', tokenTypes: ['at+jwt', 'JWT'], maxLifetimeS: 3_600 };

async function setup() {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  const file = join(mkdtempSync(join(tmpdir(), 'jwks-')), 'jwks.json');
  writeFileSync(file, JSON.stringify({ keys: [jwk] }));
  const sign = (claims: Record<string, unknown>, expiresAt: number) => new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'at+jwt' }).setIssuer(settings.issuer).setAudience(settings.audience)
    .setSubject('u-1').setIssuedAt().setExpirationTime(Math.floor(expiresAt / 1000)).sign(privateKey);
  /** A token built step by step, for the shapes `sign` never makes. */
  const build = (claims: Record<string, unknown>, header: Record<string, unknown> = { typ: 'at+jwt' }) => new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: 'k1', ...header }).setIssuer(settings.issuer).setAudience(settings.audience).setSubject('u-1');
  return { verifier: new TokenVerifier({ ...settings, jwksFile: file }), sign, build, privateKey, jwk, file };
}

describe('TokenVerifier', () => {
  afterEach(() => jest.useRealTimers());

  it('serves a token it verified again, unchanged and frozen', async () => {
    const { verifier, sign } = await setup();
    const token = await sign({ tenant: 'tenant-a', roles: ['clinician'] }, Date.now() + 600_000);
    const first = await verifier.verify(`Bearer ${token}`);
    const second = await verifier.verify(`Bearer ${token}`);
    expect(second).toBe(first);
    expect(first).toEqual({ subject: 'u-1', tenantId: 'tenant-a', roles: ['clinician'] });
    expect(Object.isFrozen(first) && Object.isFrozen(first.roles)).toBe(true);
  });

  it('never serves a remembered token past its expiry', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const { verifier, sign } = await setup();
    const token = await sign({ tenant: 'tenant-a', roles: ['clinician'] }, Date.now() + 20_000);
    await expect(verifier.verify(`Bearer ${token}`)).resolves.toMatchObject({ tenantId: 'tenant-a' });
    jest.setSystemTime(Date.now() + 30_000);
    await expect(verifier.verify(`Bearer ${token}`)).rejects.toMatchObject({ status: 401 });
  });

  it('checks the signature again after a minute', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const { verifier, sign } = await setup();
    const token = await sign({ tenant: 'tenant-a', roles: ['clinician'] }, Date.now() + 3_600_000);
    const first = await verifier.verify(`Bearer ${token}`);
    jest.setSystemTime(Date.now() + 61_000);
    const later = await verifier.verify(`Bearer ${token}`);
    expect(later).toEqual(first);
    expect(later).not.toBe(first);
  });

  it('does not remember a token it refused', async () => {
    const { verifier, sign } = await setup();
    const token = await sign({ tenant: 'tenant-a', roles: ['not-a-role'] }, Date.now() + 600_000);
    await expect(verifier.verify(`Bearer ${token}`)).rejects.toMatchObject({ status: 401 });
    await expect(verifier.verify(`Bearer ${token}`)).rejects.toMatchObject({ status: 401 });
  });

  it('refuses a token without an expiry, which would otherwise be valid forever', async () => {
    const { verifier, build, privateKey } = await setup();
    const token = await build({ tenant: 'tenant-a', roles: ['clinician'] }).setIssuedAt().sign(privateKey);
    await expect(verifier.verify(`Bearer ${token}`)).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/no expiry/) });
  });

  it('refuses a token that claims a lifetime above the configured maximum', async () => {
    const { verifier, build, privateKey } = await setup();
    const now = Math.floor(Date.now() / 1000);
    const long = await build({ tenant: 'tenant-a', roles: ['clinician'] }).setIssuedAt(now).setExpirationTime(now + 3_601).sign(privateKey);
    await expect(verifier.verify(`Bearer ${long}`)).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/longer than 3600 s/) });
    const noIat = await build({ tenant: 'tenant-a', roles: ['clinician'] }).setExpirationTime(now + 7_200).sign(privateKey);
    await expect(verifier.verify(`Bearer ${noIat}`)).rejects.toMatchObject({ status: 401 });
    const fine = await build({ tenant: 'tenant-a', roles: ['clinician'] }).setIssuedAt(now).setExpirationTime(now + 3_600).sign(privateKey);
    await expect(verifier.verify(`Bearer ${fine}`)).resolves.toMatchObject({ tenantId: 'tenant-a' });
  });

  it('refuses a token of another type (an ID or logout token of the same provider) or with no type at all', async () => {
    const { verifier, build, privateKey } = await setup();
    const exp = Math.floor(Date.now() / 1000) + 600;
    for (const header of [{ typ: 'logout+jwt' }, { typ: 'dpop+jwt' }, {}]) {
      const token = await build({ tenant: 'tenant-a', roles: ['clinician'] }, header).setIssuedAt().setExpirationTime(exp).sign(privateKey);
      await expect(verifier.verify(`Bearer ${token}`)).rejects.toMatchObject({ status: 401 });
    }
    const plain = await build({ tenant: 'tenant-a', roles: ['clinician'] }, { typ: 'JWT' }).setIssuedAt().setExpirationTime(exp).sign(privateKey);
    await expect(verifier.verify(`Bearer ${plain}`)).resolves.toMatchObject({ roles: ['clinician'] });
  });

  it('reads the tenant and roles where the provider puts them (Keycloak realm roles, Okta groups), ignoring foreign roles', async () => {
    const { build, privateKey, file } = await setup();
    const exp = Math.floor(Date.now() / 1000) + 600;
    const keycloak = new TokenVerifier({ ...settings, jwksFile: file, tenantClaim: 'org.tenant', rolesClaim: 'realm_access.roles' });
    const kc = await build({ org: { tenant: 'tenant-k' }, realm_access: { roles: ['offline_access', 'clinician', 'uma_authorization'] } }).setIssuedAt().setExpirationTime(exp).sign(privateKey);
    await expect(keycloak.verify(`Bearer ${kc}`)).resolves.toEqual({ subject: 'u-1', tenantId: 'tenant-k', roles: ['clinician'] });
    const okta = new TokenVerifier({ ...settings, jwksFile: file, rolesClaim: 'groups' });
    const ok = await build({ tenant: 'tenant-o', groups: ['Everyone', 'intake', 'analyst'] }).setIssuedAt().setExpirationTime(exp).sign(privateKey);
    await expect(okta.verify(`Bearer ${ok}`)).resolves.toMatchObject({ tenantId: 'tenant-o', roles: ['intake', 'analyst'] });
    // The default claim names find nothing in a Keycloak-shaped token.
    const defaults = new TokenVerifier({ ...settings, jwksFile: file });
    await expect(defaults.verify(`Bearer ${kc}`)).rejects.toMatchObject({ status: 401 });
  });

  it('fetches a remote key set again after a minute, so a withdrawn key stops verifying', async () => {
    const { build, privateKey, jwk } = await setup();
    let fetches = 0;
    const server = createServer((_req, res) => {
      fetches++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const verifier = new TokenVerifier({ ...settings, jwksUrl: `http://127.0.0.1:${port}/jwks.json` });
      const exp = Math.floor(Date.now() / 1000) + 3_000;
      // Distinct tokens, so that the verified-token memory plays no part: only the key set's cache does.
      const token = (n: number) => build({ tenant: 'tenant-a', roles: ['clinician'], n }).setIssuedAt().setExpirationTime(exp).sign(privateKey);
      await verifier.verify(`Bearer ${await token(1)}`);
      await verifier.verify(`Bearer ${await token(2)}`);
      expect(fetches).toBe(1);
      const start = Date.now();
      const now = jest.spyOn(Date, 'now').mockReturnValue(start + 59_000);
      await verifier.verify(`Bearer ${await token(3)}`);
      expect(fetches).toBe(1);
      now.mockReturnValue(start + 61_000);
      await verifier.verify(`Bearer ${await token(4)}`);
      expect(fetches).toBe(2);
    } finally {
      jest.restoreAllMocks();
      await new Promise((r) => server.close(r));
    }
  });
});
