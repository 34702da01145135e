import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { TokenVerifier } from './token-verifier';

const settings = { issuer: 'test-issuer', audience: 'test-audience' };

async function setup() {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  const file = join(mkdtempSync(join(tmpdir(), 'jwks-')), 'jwks.json');
  writeFileSync(file, JSON.stringify({ keys: [jwk] }));
  const sign = (claims: Record<string, unknown>, expiresAt: number) => new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setIssuer(settings.issuer).setAudience(settings.audience)
    .setSubject('u-1').setIssuedAt().setExpirationTime(Math.floor(expiresAt / 1000)).sign(privateKey);
  return { verifier: new TokenVerifier({ ...settings, jwksFile: file }), sign };
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
});
