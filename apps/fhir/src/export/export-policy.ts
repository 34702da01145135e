import { CLINICAL_ROLES, type Principal, ProblemError } from '@iop/platform';
import { DISCLOSABLE_TYPES, recipientOf } from '../disclosure/recipient-access';
import { isResourceType, RESOURCE_TYPES, type ResourceType } from '../resources/fhir-resources';
import { grantFor } from '../api/smart-scopes';
import { ANALYST_TYPES } from './deidentify';

/**
 * Who an export is for, which decides what it holds: the clinical roles get what their SMART scopes allow (a patient/
 * scope: its patient only); an integrator (a recipient outside the program) what consents in force name it for, each
 * patient's part recorded as a disclosure; an analyst (with no clinical role) the de-identified view.
 */
export type Audience =
  | { kind: 'staff'; patientId?: string }
  | { kind: 'recipient'; recipient: string }
  | { kind: 'analyst' };

export function audienceOf(principal: Principal, claims: Record<string, unknown>): Audience {
  if (principal.roles.some((r) => CLINICAL_ROLES.includes(r))) {
    const patient = RESOURCE_TYPES.map((t) => safeGrant(claims, t)?.patientId).find((p) => p !== undefined);
    return { kind: 'staff', ...(patient ? { patientId: patient } : {}) };
  }
  const recipient = recipientOf(principal, claims);
  if (recipient) return { kind: 'recipient', recipient: recipient.recipient };
  if (principal.roles.includes('analyst')) return { kind: 'analyst' };
  throw new ProblemError(403, 'Exports are for the clinical roles, integrators and analysts.');
}

const safeGrant = (claims: Record<string, unknown>, type: ResourceType) => {
  try {
    return grantFor(claims, type, 'read');
  } catch {
    return undefined;
  }
};

/** The types the audience may have, in the order they are written. */
export function allowedTypes(audience: Audience, claims: Record<string, unknown>): ResourceType[] {
  const base: readonly ResourceType[] = audience.kind === 'analyst' ? ANALYST_TYPES : audience.kind === 'recipient' ? DISCLOSABLE_TYPES : RESOURCE_TYPES;
  return base.filter((t) => safeGrant(claims, t) !== undefined);
}

/**
 * The kick-off's parameters (Bulk Data IG 2.0): `_outputFormat` (NDJSON only), `_type` and `_since`. Others
 * (`_typeFilter`, `patient`, `_elements`, `includeAssociatedData`) are refused rather than ignored, and so is a type
 * the audience may not have.
 */
export function parseKickoff(query: Record<string, string | string[] | undefined>, allowed: readonly ResourceType[]): { types: ResourceType[]; since?: string } {
  const unknown = Object.keys(query).filter((k) => !['_outputFormat', '_type', '_since'].includes(k));
  if (unknown.length) throw new ProblemError(400, `Not supported by this export: ${unknown.join(', ')} (supported: _outputFormat, _type, _since).`);
  const one = (name: string): string | undefined => {
    const v = query[name];
    if (Array.isArray(v)) throw new ProblemError(400, `${name} is given once.`);
    return v;
  };
  const format = one('_outputFormat');
  if (format !== undefined && !['application/fhir+ndjson', 'application/ndjson', 'ndjson'].includes(format)) {
    throw new ProblemError(400, `_outputFormat must be application/fhir+ndjson (got "${format}").`);
  }
  let types = [...allowed];
  const type = one('_type');
  if (type !== undefined) {
    const asked = type.split(',').map((t) => t.trim()).filter(Boolean);
    const unknownTypes = asked.filter((t) => !isResourceType(t));
    if (unknownTypes.length || asked.length === 0) throw new ProblemError(400, `_type names types this server does not have: ${unknownTypes.join(', ') || '(none)'}.`);
    const refused = asked.filter((t) => !allowed.includes(t as ResourceType));
    if (refused.length) throw new ProblemError(403, `This token may not export ${refused.join(', ')}.`);
    types = allowed.filter((t) => asked.includes(t));
  }
  const since = one('_since');
  if (since !== undefined && (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/.test(since) || Number.isNaN(Date.parse(since)))) {
    throw new ProblemError(400, `_since must be an instant with its offset, e.g. 2026-03-01T00:00:00Z (got "${since}").`);
  }
  if (types.length === 0) throw new ProblemError(403, 'This token may export none of the types served.');
  return { types, ...(since ? { since } : {}) };
}
