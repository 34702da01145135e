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
}

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
    if (settings.jwksUrl) this.keys = createRemoteJWKSet(new URL(settings.jwksUrl), { cooldownDuration: 30_000 });
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
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: ['ES256', 'RS256', 'EdDSA'],
        clockTolerance: 5,
      }));
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw unauthorized('The token has expired.');
      throw unauthorized('The token is not valid.');
    }
    const { tenant, roles, sub, name } = payload as { tenant?: unknown; roles?: unknown; sub?: string; name?: unknown };
    if (typeof tenant !== 'string' || !TENANT_PATTERN.test(tenant)) throw unauthorized('The token has no valid tenant claim.');
    if (!Array.isArray(roles) || !roles.every(isRole)) throw unauthorized('The token has no valid roles claim.');
    if (!sub) throw unauthorized('The token has no subject.');
    // Frozen: one verified principal serves every request that carries its token.
    const principal: Principal = Object.freeze({ subject: sub, tenantId: tenant, roles: Object.freeze([...roles]) as Principal['roles'], ...(typeof name === 'string' ? { name } : {}) });
    // A token without `exp` is trusted for the cache's minute at most, then verified again.
    return { principal, expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : Number.POSITIVE_INFINITY };
  }
}
