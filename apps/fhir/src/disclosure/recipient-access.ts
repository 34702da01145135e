import { type ConsentCategory, REDISCLOSURE_NOTICE } from '@iop/domain-events';
import { type Principal, ProblemError } from '@iop/platform';
import type { FhirResource, ResourceType } from '../resources/fhir-resources';
import type { ConsentInForce } from './consent-ledger';

/**
 * What a recipient outside the program may receive of each type, as the consent categories of docs/DOMAIN.md say
 * (the same vocabulary webhooks' contracts use). Deny by default: `null` is never disclosed, whatever the consent.
 * Observations are not: the `measures` category covers that a measure or screen happened, "no scores or results", and
 * an Observation is its score or result. A Consent names other recipients. A CareTeam is disclosed as its events are
 * (CareTeamChanged: `admission`). Not about a patient (a Location, the clinic, a Practitioner): `undefined`.
 */
export const DISCLOSURE_CATEGORY: Record<ResourceType, ConsentCategory | null | undefined> = {
  Patient: 'admission',
  EpisodeOfCare: 'admission',
  Encounter: 'attendance',
  Appointment: 'attendance',
  Observation: null,
  Consent: null,
  Condition: 'diagnoses',
  CarePlan: 'treatment-plan',
  Goal: 'treatment-plan',
  CareTeam: 'admission',
  Location: undefined,
  Organization: undefined,
  Practitioner: undefined,
};

/** A token of a recipient outside the program: the integrator role (and no clinical one), its client id the recipient. */
export interface Recipient {
  recipient: string;
}

/**
 * The recipient a token speaks for: `client_id` (RFC 9068's claim for the OAuth client an access token was issued to),
 * else `azp`; consents name recipients the same way (`payer:acme-health`), so the client is registered under that id.
 */
export function recipientOf(principal: Principal, claims: Record<string, unknown>): Recipient | undefined {
  if (!principal.roles.includes('integrator') || principal.roles.some((r) => ['clinician', 'supervisor', 'psychiatrist', 'nurse'].includes(r))) return undefined;
  const id = typeof claims.client_id === 'string' ? claims.client_id : typeof claims.azp === 'string' ? claims.azp : '';
  if (!id) throw new ProblemError(403, 'An integrator\'s token must name its client (client_id): consents name the recipient they allow.');
  return { recipient: id };
}

/** The consent that covers disclosing a type of this patient's record to the recipient (newest grant), if any. */
export function coveringConsent(consents: readonly ConsentInForce[], patientId: string, type: ResourceType): ConsentInForce | undefined {
  const category = DISCLOSURE_CATEGORY[type];
  if (!category) return undefined;
  return consents.find((c) => c.patientId === patientId && c.information.includes(category));
}

export function refuse(type: ResourceType, recipient: string): ProblemError {
  const category = DISCLOSURE_CATEGORY[type];
  return new ProblemError(403, !category
    ? `${type} is not disclosed outside the program (no consent category covers it).`
    : `No consent in force names ${recipient} for this patient's ${category} information (42 CFR Part 2).`);
}

/** The types a recipient could ever receive: those a consent category covers, and those about no patient. */
export const DISCLOSABLE_TYPES = (Object.keys(DISCLOSURE_CATEGORY) as ResourceType[]).filter((t) => DISCLOSURE_CATEGORY[t] !== null);

/** The extension that carries 42 CFR 2.32's notice on every resource served. */
export const REDISCLOSURE_NOTICE_URL = 'https://iop.example/fhir/StructureDefinition/part2-redisclosure-notice';

/** HL7's refrain policy "no redisclosure without consent directive" (v3-ActCode NORDSLCD), beside the Part 2 label. */
export const NO_REDISCLOSURE = { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'NORDSLCD', display: 'no redisclosure without consent directive' } as const;

/**
 * A resource as served: its stored JSON with the redisclosure notice (42 CFR 2.32) added to its meta, as a security
 * label a machine acts on (NORDSLCD) and the notice's text (an extension) a person reads. Added when served, not
 * stored, so the wording (a regulation's) changes without rewriting a version of every resource. Only a resource
 * labelled Part 2 gets it.
 */
export const NOTICE_EXTENSION = { url: REDISCLOSURE_NOTICE_URL, valueString: REDISCLOSURE_NOTICE } as const;

/**
 * `withNotice` in SQL, printed: the served JSON of `resource` as text, for the responses that carry many resources
 * (an export's lines, `$everything`), sparing this process the parse and printing of each. `param` adds a value.
 */
export function servedSql(param: (value: unknown) => string): string {
  return `(CASE WHEN resource -> 'meta' -> 'security' @> '[{"code": "42CFRPart2"}]'
    THEN jsonb_set(resource, '{meta}', (resource -> 'meta') || jsonb_build_object(
      'security', (resource -> 'meta' -> 'security') || ${param(JSON.stringify([NO_REDISCLOSURE]))}::jsonb,
      'extension', coalesce(resource -> 'meta' -> 'extension', '[]') || ${param(JSON.stringify([NOTICE_EXTENSION]))}::jsonb))
    ELSE resource END)::text`;
}

export function withNotice(resource: FhirResource): FhirResource {
  const meta = (resource.meta ?? {}) as { security?: { code?: string }[]; extension?: unknown[] };
  // Only records of the program carry it (a Location is about no patient).
  if (!meta.security?.some((s) => s.code === '42CFRPart2')) return resource;
  return {
    ...resource,
    meta: {
      ...meta,
      extension: [...(meta.extension ?? []), { ...NOTICE_EXTENSION }],
      security: [...(meta.security ?? []), { ...NO_REDISCLOSURE }],
    },
  };
}
