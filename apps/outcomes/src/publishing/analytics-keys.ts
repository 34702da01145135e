import { pseudonym } from '@iop/domain-events';
import { analyticsKeys, ConfigError } from '@iop/platform';

/**
 * The analytics stream's pseudonyms, from the keys' one derivation (libs/platform, analytics-keys.ts: fhir's exports
 * use it too). Outcomes cannot publish the stream without them, so it refuses to start in production without
 * `ANALYTICS_PSEUDONYM_KEYS`.
 */
export interface Pseudonymizer {
  keyVersion: number;
  subjectKey(tenantId: string, patientId: string): string;
  episodeKey(tenantId: string, episodeId: string): string;
  /** A uuid derived under the tenant's key: stable when a page is re-sent, unlinkable to internal ids without it. */
  messageId(tenantId: string, seed: string): string;
  /** The site as analysts see it: a uuid derived under the tenant's key, never the location id other topics carry. */
  locationId(tenantId: string, locationId: string): string;
  /**
   * The clinic as analysts see it (`ce_tenantid`, and in `ce_source`): stable per tenant and key version, so analysts
   * can still compare sites and clinics, but not the tenant id that names the clinic everywhere else.
   */
  tenantId(tenantId: string): string;
}

const asUuid = (hex: string): string =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;

export function analyticsPseudonymizer(env: Record<string, string | undefined>): Pseudonymizer {
  const keys = analyticsKeys(env);
  if (!keys) throw new ConfigError('ANALYTICS_PSEUDONYM_KEYS', 'must be set in production (the dev default is public)');
  const { keyVersion, secret, tenantKey } = keys;
  return {
    keyVersion,
    // Exactly the contract's definition: HMAC-SHA256 of the id itself under the tenant's key.
    subjectKey: (tenantId, patientId) => keys.of(tenantId, patientId),
    episodeKey: (tenantId, episodeId) => keys.of(tenantId, episodeId),
    messageId: (tenantId, seed) => asUuid(pseudonym(tenantKey(tenantId), `message:${seed}`)),
    locationId: (tenantId, locationId) => asUuid(pseudonym(tenantKey(tenantId), `location:${locationId}`)),
    tenantId: (tenantId) => `anon-${pseudonym(secret, `iop-analytics-tenant-id:${tenantId}`).slice(0, 40)}`,
  };
}
