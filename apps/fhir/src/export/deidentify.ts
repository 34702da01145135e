import { analyticsKeys } from '@iop/platform';
import type { FhirResource, ResourceType } from '../resources/fhir-resources';

/**
 * The analysts' view of the FHIR export, de-identified as the analytics stream is (DEIDENTIFICATION_NOTE in
 * @iop/domain-events): every id is its keyed pseudonym, HMAC-SHA256 of the id under the tenant's analytics key, so a
 * Patient's id here is the stream's `subjectKey` and an EpisodeOfCare's its `episodeKey`; no name; every date and time
 * cut to its month; the store's own stamps (meta.versionId, meta.lastUpdated) left out. Types that cannot be cut so
 * are not exported to analysts: an Appointment's start is an instant (FHIR requires the full time), a Consent names
 * its recipient; nor are Locations (the analytics stream's sites are pseudonyms of their own). An Encounter's
 * reference to its Location is pseudonymised like every id. Nor are the care team (CareTeam, Practitioner: staff
 * and their roles, which the stream leaves out) and the clinic (Organization); an EpisodeOfCare loses its
 * `careManager` and `team`.
 */
export const ANALYST_TYPES: readonly ResourceType[] = ['Patient', 'EpisodeOfCare', 'Encounter', 'Observation', 'Condition', 'CarePlan', 'Goal'];

/** The analytics keys' derivation, outcomes' own (libs/platform, analytics-keys.ts; the same secret, highest version). */
export interface FhirPseudonymizer {
  keyVersion: number;
  /** The pseudonym of an internal id (a uuid) for the tenant, 64 hex characters (a valid FHIR id). */
  of(tenantId: string, id: string): string;
}

/**
 * Undefined in production without the keys: the service runs, and only analysts' exports are refused (503) until the
 * keys are given to it as to outcomes (the development default is public, so never used in production).
 */
export function fhirPseudonymizer(env: Record<string, string | undefined>): FhirPseudonymizer | undefined {
  const keys = analyticsKeys(env);
  return keys && { keyVersion: keys.keyVersion, of: keys.of };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REFERENCE = /^([A-Z][A-Za-z]+)\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const DATE_OR_TIME = /^(\d{4}-\d{2})-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:\d{2})?)?$/;

/** A resource as analysts get it (pure: the pseudonym function carries the key). */
export function deidentify(resource: FhirResource, pseudonymOf: (id: string) => string): FhirResource {
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') {
      if (UUID.test(value)) return pseudonymOf(value.toLowerCase());
      const ref = REFERENCE.exec(value);
      if (ref) return `${ref[1]}/${pseudonymOf(ref[2].toLowerCase())}`;
      const date = DATE_OR_TIME.exec(value);
      return date ? date[1] : value;
    }
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  // The care team's members and roles are not the analysts' (the stream drops staff roles too).
  const { meta, name: _name, careManager: _manager, team: _team, ...rest } = resource;
  const { versionId: _v, lastUpdated: _l, ...kept } = (meta ?? {}) as Record<string, unknown>;
  return { ...(walk(rest) as FhirResource), meta: kept };
}
