import { createHmac } from 'node:crypto';
import { pseudonym } from '@iop/domain-events';
import { ConfigError } from '../config/config-error';
import { deploymentOf } from '../config/deployment';

/**
 * Keys of the analytics pseudonyms (DEIDENTIFICATION_NOTE in @iop/domain-events), one derivation for every service that
 * writes them (outcomes' analytics stream, fhir's de-identified exports), so the same id gets the same pseudonym in
 * both. `ANALYTICS_PSEUDONYM_KEYS` holds `v<N>:<secret>` entries separated by commas; the highest version signs, so
 * rotating means adding `v2:...` (pseudonyms of different versions do not match, as the contract says). Each tenant
 * gets its own key, derived from the secret, so two clinics' pseudonyms of the same id never match either.
 */
export const DEV_ANALYTICS_KEYS = 'v1:dev-only-analytics-pseudonym-secret-change-me';
const ENTRY = /^v([1-9][0-9]*):(.{16,})$/;

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

export interface AnalyticsKeys {
  keyVersion: number;
  /** The signing secret itself (the highest version's), for what is keyed per deployment rather than per tenant. */
  secret: string;
  /** The tenant's key: HMAC-SHA256 of `iop-analytics-tenant:<tenant>` under the secret. */
  tenantKey(tenantId: string): Buffer;
  /** The contract's pseudonym of an id: HMAC-SHA256 of the id itself under the tenant's key, 64 hex characters. */
  of(tenantId: string, id: string): string;
}

/**
 * The keys the environment gives, or the public development default outside production; undefined in production
 * without them (whether that stops the service is the service's decision: outcomes cannot publish, fhir only refuses
 * analysts' exports).
 */
export function analyticsKeys(env: Record<string, string | undefined>): AnalyticsKeys | undefined {
  const raw = env.ANALYTICS_PSEUDONYM_KEYS ?? (deploymentOf(env) === 'production' ? undefined : DEV_ANALYTICS_KEYS);
  if (!raw) return undefined;
  const keys = parseAnalyticsKeys(raw);
  const keyVersion = Math.max(...keys.keys());
  const secret = keys.get(keyVersion)!;
  const tenantKeys = new Map<string, Buffer>();
  const tenantKey = (tenantId: string): Buffer => {
    let key = tenantKeys.get(tenantId);
    if (!key) tenantKeys.set(tenantId, (key = createHmac('sha256', secret).update(`iop-analytics-tenant:${tenantId}`).digest()));
    return key;
  };
  return { keyVersion, secret, tenantKey, of: (tenantId, id) => pseudonym(tenantKey(tenantId), id) };
}
