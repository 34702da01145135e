import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { ProblemError } from '../http/problem';
import type { Principal } from './principal';
import { isRole } from './roles';

export interface AuthSettings {
  jwksFile?: string;
  jwksUrl?: string;
  issuer: string;
  audience: string;
  /** Where the tenant and the roles are in the claims: a name or a dotted path (`realm_access.roles` for Keycloak). */
  tenantClaim: string;
  rolesClaim: string;
  /** Accepted `typ` headers (RFC 9068 access tokens are `at+jwt`); a token without one, or of another type, is refused. */
  tokenTypes: readonly string[];
  /** The longest lifetime a token may claim (`exp` - `iat`, or `exp` - now without `iat`), in seconds. */
  maxLifetimeS: number;
}

/**
 * The remote key set is fetched again after a minute, so a key the identity provider withdrew stops verifying within a
 * minute (with the verified-token memory below, within two at most); an unknown `kid` refetches at most every 30 s.
 */
export const REMOTE_JWKS_OPTIONS = { cacheMaxAge: 60_000, cooldownDuration: 30_000 } as const;

const TENANT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

const unauthorized = (detail: string) => new ProblemError(401, detail);

/** How long a verified token is trusted without checking its signature again (never past its `exp`). */
const CACHE_TTL_MS = 60_000;
const CACHE_MAX = 10_000;

/**
 * Verifies bearer JWTs against a JWKS (a file locally, the identity provider's URL in production). A client sends
 * the same token with every request for minutes; its signature check (an ECDSA verification, the largest CPU cost
 * of a small request) is remembered for a minute, never past the token's expiry, so a key removed from the JWKS
 * stops being honoured within a minute.
 */
export class TokenVerifier {
  private readonly keys: JWTVerifyGetKey;
  private readonly verified = new Map<string, { principal: Principal; until: number }>();

  constructor(private readonly settings: AuthSettings) {
    if (settings.jwksUrl) this.keys = createRemoteJWKSet(new URL(settings.jwksUrl), REMOTE_JWKS_OPTIONS);
    else if (settings.jwksFile) this.keys = createLocalJWKSet(JSON.parse(readFileSync(settings.jwksFile, 'utf8')) as JSONWebKeySet);
    else throw new Error('AUTH_JWKS_FILE or AUTH_JWKS_URL must be set');
  }

  async verify(authorization: string | undefined): Promise<Principal> {
    if (!authorization) throw unauthorized('Send a bearer token in the Authorization header.');
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(authorization.trim());
    if (!match) throw unauthorized('The Authorization header is not a bearer JWT.');
    const now = Date.now();
    const cached = this.verified.get(match[1]);
    if (cached && cached.until > now) return cached.principal;
    if (cached) this.verified.delete(match[1]);
    const principal = await this.verifySignedToken(match[1]);
    if (this.verified.size >= CACHE_MAX) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(match[1], { principal: principal.principal, until: Math.min(now + CACHE_TTL_MS, principal.expiresAt) });
    return principal.principal;
  }

  private async verifySignedToken(token: string): Promise<{ principal: Principal; expiresAt: number }> {
    let verified;
    try {
      verified = await jwtVerify(token, this.keys, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: ['ES256', 'RS256', 'EdDSA'],
        requiredClaims: ['exp'],
        clockTolerance: 5,
      });
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw unauthorized('The token has expired.');
      if (err instanceof errors.JWTClaimValidationFailed && err.claim === 'exp') throw unauthorized('The token has no expiry (exp): it is refused.');
      throw unauthorized('The token is not valid.');
    }
    const { payload, protectedHeader } = verified;
    // An ID token or a logout token signed by the same provider is not an access token to this API.
    if (!protectedHeader.typ || !this.settings.tokenTypes.some((t) => t.toLowerCase() === protectedHeader.typ!.toLowerCase())) {
      throw unauthorized(`The token's type (typ) is not one this API accepts (${this.settings.tokenTypes.join(', ')}).`);
    }
    const exp = payload.exp!;
    const lifetime = exp - (typeof payload.iat === 'number' ? payload.iat : Math.floor(Date.now() / 1000));
    if (lifetime > this.settings.maxLifetimeS) throw unauthorized(`The token lives longer than ${this.settings.maxLifetimeS} s: ask the identity provider for a shorter-lived one.`);
    const tenant = claimAt(payload, this.settings.tenantClaim);
    const roles = knownRoles(claimAt(payload, this.settings.rolesClaim));
    const { sub, name } = payload as { sub?: string; name?: unknown };
    if (typeof tenant !== 'string' || !TENANT_PATTERN.test(tenant)) throw unauthorized(`The token has no valid tenant claim (${this.settings.tenantClaim}).`);
    if (!roles) throw unauthorized(`The token has no role of this platform in its roles claim (${this.settings.rolesClaim}).`);
    if (!sub) throw unauthorized('The token has no subject.');
    // Frozen: one verified principal serves every request that carries its token.
    const principal: Principal = Object.freeze({ subject: sub, tenantId: tenant, roles: Object.freeze(roles) as Principal['roles'], ...(typeof name === 'string' ? { name } : {}) });
    return { principal, expiresAt: exp * 1000 };
  }
}

/** The value at a dotted claim path (`realm_access.roles`), or undefined. */
function claimAt(payload: Record<string, unknown>, path: string): unknown {
  let value: unknown = payload;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * The platform's roles among a claim's values (an array, or a space-separated string). Providers put other groups and
 * roles in the same claim (Okta's `Everyone`, Keycloak's `offline_access`); they are ignored. None at all: undefined.
 */
function knownRoles(claim: unknown): Principal['roles'][number][] | undefined {
  const values = typeof claim === 'string' ? claim.split(' ') : Array.isArray(claim) ? claim : [];
  const roles = [...new Set(values.filter(isRole))];
  return roles.length ? roles : undefined;
}
