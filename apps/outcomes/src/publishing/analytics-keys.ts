import { createHmac } from 'node:crypto';
import { pseudonym } from '@iop/domain-events';
import { ConfigError, deploymentOf } from '@iop/platform';

/**
 * Keys of the analytics pseudonyms (DEIDENTIFICATION_NOTE in @iop/domain-events). `ANALYTICS_PSEUDONYM_KEYS` holds
 * `v<N>:<secret>` entries separated by commas; the highest version signs new messages, so rotating means adding
 * `v2:...` (pseudonyms of different versions do not match, as the contract says). Each tenant gets its own key,
 * derived from the secret, so two clinics' pseudonyms of the same id never match either.
 */
export const DEV_ANALYTICS_KEYS = 'v1:dev-only-analytics-pseudonym-secret-change-me';
const ENTRY = /^v([1-9][0-9]*):(.{16,})$/;

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

export function parseAnalyticsKeys(raw: string): Map<number, string> {
  const keys = new Map<number, string>();
  for (const entry of raw.split(',').map((e) => e.trim()).filter(Boolean)) {
    const match = ENTRY.exec(entry);
    if (!match) throw new ConfigError('ANALYTICS_PSEUDONYM_KEYS', 'must be v<N>:<secret of 16+ characters>[,v<N>:<secret>]');
    if (keys.has(Number(match[1]))) throw new ConfigError('ANALYTICS_PSEUDONYM_KEYS', `repeats version v${match[1]}`);
    keys.set(Number(match[1]), match[2]);
  }
  if (keys.size === 0) throw new ConfigError('ANALYTICS_PSEUDONYM_KEYS', 'holds no key');
  return keys;
}

const asUuid = (hex: string): string =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;

export function analyticsPseudonymizer(env: Record<string, string | undefined>): Pseudonymizer {
  const raw = env.ANALYTICS_PSEUDONYM_KEYS ?? (deploymentOf(env) === 'production' ? undefined : DEV_ANALYTICS_KEYS);
  if (!raw) throw new ConfigError('ANALYTICS_PSEUDONYM_KEYS', 'must be set in production (the dev default is public)');
  const keys = parseAnalyticsKeys(raw);
  const keyVersion = Math.max(...keys.keys());
  const secret = keys.get(keyVersion)!;
  const tenantKeys = new Map<string, Buffer>();
  const tenantKey = (tenantId: string): Buffer => {
    let key = tenantKeys.get(tenantId);
    if (!key) tenantKeys.set(tenantId, (key = createHmac('sha256', secret).update(`iop-analytics-tenant:${tenantId}`).digest()));
    return key;
  };
  return {
    keyVersion,
    // Exactly the contract's definition: HMAC-SHA256 of the id itself under the tenant's key.
    subjectKey: (tenantId, patientId) => pseudonym(tenantKey(tenantId), patientId),
    episodeKey: (tenantId, episodeId) => pseudonym(tenantKey(tenantId), episodeId),
    messageId: (tenantId, seed) => asUuid(pseudonym(tenantKey(tenantId), `message:${seed}`)),
    locationId: (tenantId, locationId) => asUuid(pseudonym(tenantKey(tenantId), `location:${locationId}`)),
    tenantId: (tenantId) => `anon-${pseudonym(secret, `iop-analytics-tenant-id:${tenantId}`).slice(0, 40)}`,
  };
}
