import { ProblemError } from '@iop/platform';
import type { ResourceType } from '../resources/fhir-resources';

/**
 * SMART on FHIR scopes, when the token carries them (`scope`, space-separated, or `scp`, a list). They narrow what the
 * token's roles allow, never widen it: a token without any SMART scope (the platform's own staff tokens) is governed
 * by its roles alone; one with SMART scopes may read a type only under `patient/`, `user/` or `system/` `<type|*>.read`
 * (v1) or `.rs`-style permissions (v2: `r` to read, `s` to search). `patient/` scopes hold only for the patient in the
 * token's launch context (the `patient` claim): any other patient's data is refused, and a search is limited to it.
 */
export interface ScopeGrant {
  /** Undefined: any patient of the tenant; otherwise the one patient the token may see. */
  patientId?: string;
}

const SMART = /^(patient|user|system)\/([A-Za-z]+|\*)\.([a-z*]+)$/;

export function scopesOf(claims: Record<string, unknown>): string[] {
  if (typeof claims.scope === 'string') return claims.scope.split(' ').filter(Boolean);
  if (Array.isArray(claims.scp)) return claims.scp.filter((s): s is string => typeof s === 'string');
  return [];
}

/** What the token may see of a type for this interaction, or a 403 naming the scope it lacks. */
export function grantFor(claims: Record<string, unknown>, type: ResourceType, interaction: 'read' | 'search'): ScopeGrant {
  const smart = scopesOf(claims).map((s) => SMART.exec(s)).filter((m): m is RegExpExecArray => m !== null);
  if (smart.length === 0) return {};
  const permits = (permission: string) => permission === 'read' || permission === '*' || (/^c?r?u?d?s?$/.test(permission) && permission.includes(interaction === 'read' ? 'r' : 's'));
  const matching = smart.filter(([, , t, p]) => (t === type || t === '*') && permits(p));
  if (matching.some(([, context]) => context !== 'patient')) return {};
  if (matching.length === 0) throw new ProblemError(403, `The token's scopes do not allow ${interaction === 'read' ? 'reading' : 'searching'} ${type} (e.g. user/${type}.read).`);
  const patient = claims.patient;
  if (typeof patient !== 'string' || patient === '') throw new ProblemError(403, 'A patient/ scope needs the patient in the token\'s launch context (the patient claim).');
  return { patientId: patient };
}

/** Refuses a resource of another patient than a patient/ scope's. */
export function requireWithinGrant(grant: ScopeGrant, patientId: string | null): void {
  if (grant.patientId !== undefined && grant.patientId !== patientId) throw new ProblemError(403, 'The token\'s patient/ scope is for another patient.');
}

/** The verified token's claims (the guard checked its signature; this only reads them). */
export function claimsOf(authorization: string | undefined): Record<string, unknown> {
  const token = authorization?.replace(/^Bearer\s+/i, '') ?? '';
  const payload = token.split('.')[1];
  if (!payload) return {};
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}
