/**
 * The local identity: an ES256 key pair generated on first start under `.stack/keys`. Services verify tokens against
 * the public JWKS file; `npm run token` signs with the private key, and so does the local OpenID Connect provider
 * (apps/identity, which publishes the same key in its JWKS). Both put the provider's URL in `iss`, the issuer the
 * services accept locally, so a token from either works at every service. Production points `AUTH_JWKS_URL` at the
 * clinic's identity provider instead and has no private key here.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';

/** The same defaults as the services' AUTH_ISSUER and AUTH_AUDIENCE (libs/platform config): the local provider's URL. */
export const DEV_ISSUER = 'http://127.0.0.1:3099';
export const DEV_AUDIENCE = 'iop-platform';
const KID = 'iop-local-1';

export const defaultKeysDir = (): string =>
  process.env.AUTH_KEYS_DIR ?? join(process.env.IOP_STACK_DIR ?? resolve(__dirname, '..', '..', '.stack'), 'keys');

export const defaultJwksFile = (): string => join(defaultKeysDir(), 'jwks.json');

/**
 * The issuer local tokens carry: the one the services in this environment accept (`AUTH_ISSUER`, which `npm start`
 * sets to the provider's `IDENTITY_ISSUER` when that is moved), else the local provider's default URL.
 */
export const devIssuer = (env: Record<string, string | undefined> = process.env): string => env.AUTH_ISSUER ?? DEV_ISSUER;

export async function ensureDevKeys(dir = defaultKeysDir()): Promise<{ jwksFile: string; privateKeyFile: string }> {
  const jwksFile = join(dir, 'jwks.json');
  const privateKeyFile = join(dir, 'private.jwk.json');
  if (existsSync(jwksFile) && existsSync(privateKeyFile)) return { jwksFile, privateKeyFile };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const pub = { ...(await exportJWK(publicKey)), kid: KID, alg: 'ES256', use: 'sig' };
  const priv = { ...(await exportJWK(privateKey)), kid: KID, alg: 'ES256' };
  writeFileSync(privateKeyFile, JSON.stringify(priv), { mode: 0o600 });
  writeFileSync(jwksFile, JSON.stringify({ keys: [pub] }, null, 2));
  return { jwksFile, privateKeyFile };
}

export interface TokenRequest {
  tenant: string;
  roles: string[];
  subject?: string;
  name?: string;
  /** jose time span, e.g. '8h', or seconds since the epoch. */
  expiresIn?: string | number;
  /** Sign with this key instead of the local one (tests use it for foreign keys). */
  key?: JWK;
  /** Another issuer than devIssuer() (tests of a provider on another port). */
  issuer?: string;
  /** More claims, e.g. SMART on FHIR's `scope` and launch-context `patient` (apps/fhir's tests). */
  claims?: Record<string, unknown>;
}

export async function mintToken(req: TokenRequest): Promise<string> {
  const { privateKeyFile } = await ensureDevKeys();
  const jwk = req.key ?? (JSON.parse(readFileSync(privateKeyFile, 'utf8')) as JWK);
  const key = await importJWK(jwk, 'ES256');
  return new SignJWT({ ...(req.claims ?? {}), tenant: req.tenant, roles: req.roles, ...(req.name ? { name: req.name } : {}) })
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid ?? KID, typ: 'at+jwt' })
    .setIssuer(req.issuer ?? devIssuer())
    .setAudience(DEV_AUDIENCE)
    .setSubject(req.subject ?? `user-${req.roles.join('-')}`)
    .setIssuedAt()
    .setExpirationTime(req.expiresIn ?? '8h')
    .sign(key);
}
