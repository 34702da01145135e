/**
 * Who signed in, for the console's header and its role-aware screens: from the ID token's claims, else the access
 * token's (some providers put the tenant and roles only there), at the claim paths the services read them from.
 * The services decide on access from the access token themselves; this is for display.
 */
import { isRole } from '@iop/platform';
import type { SessionUser } from './sessions';

const TENANT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** The value at a dotted claim path (`realm_access.roles`), or undefined. */
export function claimAt(claims: Record<string, unknown>, path: string): unknown {
  let value: unknown = claims;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function roles(claim: unknown): string[] {
  const values = typeof claim === 'string' ? claim.split(' ') : Array.isArray(claim) ? claim : [];
  return [...new Set(values.filter(isRole))];
}

/** The signed-in user, or undefined when neither token names a tenant and at least one of the platform's roles. */
export function userFromClaims(
  idToken: Record<string, unknown>,
  accessToken: Record<string, unknown>,
  paths: { tenantClaim: string; rolesClaim: string },
): SessionUser | undefined {
  const subject = idToken.sub;
  if (typeof subject !== 'string' || !subject) return undefined;
  const pick = (path: string) => claimAt(idToken, path) ?? claimAt(accessToken, path);
  const tenant = pick(paths.tenantClaim);
  const userRoles = roles(pick(paths.rolesClaim));
  if (typeof tenant !== 'string' || !TENANT_PATTERN.test(tenant) || userRoles.length === 0) return undefined;
  const name = idToken.name ?? accessToken.name;
  return { subject, tenant, roles: userRoles, ...(typeof name === 'string' && name ? { name } : {}) };
}
