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

/** Verifies bearer JWTs against a JWKS (a file locally, the identity provider's URL in production). */
export class TokenVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly settings: AuthSettings) {
    if (settings.jwksUrl) this.keys = createRemoteJWKSet(new URL(settings.jwksUrl), { cooldownDuration: 30_000 });
    else if (settings.jwksFile) this.keys = createLocalJWKSet(JSON.parse(readFileSync(settings.jwksFile, 'utf8')) as JSONWebKeySet);
    else throw new Error('AUTH_JWKS_FILE or AUTH_JWKS_URL must be set');
  }

  async verify(authorization: string | undefined): Promise<Principal> {
    if (!authorization) throw unauthorized('Send a bearer token in the Authorization header.');
    const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(authorization.trim());
    if (!match) throw unauthorized('The Authorization header is not a bearer JWT.');
    let payload;
    try {
      ({ payload } = await jwtVerify(match[1], this.keys, {
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
    return { subject: sub, tenantId: tenant, roles, ...(typeof name === 'string' ? { name } : {}) };
  }
}
