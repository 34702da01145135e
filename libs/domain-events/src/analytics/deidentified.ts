import { createHmac } from 'node:crypto';
import type { PropertySchema } from '../schema';

/**
 * What the analytics stream leaves out, and why. Analysts get the program metrics (docs/DOMAIN.md section 3) without
 * PHI: HIPAA de-identification (45 CFR 164.514(b)) and minimum necessary, which 42 CFR Part 2 (2024 rule) also
 * relies on for SUD records. Shown on the topic and every analytics message in the AsyncAPI document.
 */
export const DEIDENTIFICATION_NOTE =
  'De-identified stream for analysts, published by outcomes. Removed: names (displayName), patient, episode, ' +
  'referral, note and staff ids (replaced by keyed pseudonyms), dates of birth (an age band instead, top band ' +
  '`65+`), every free-text field, staff names and roles, and exact dates (months and whole-day intervals from the ' +
  'episode start instead). Why: HIPAA de-identification (45 CFR 164.514(b), by expert determination, since ' +
  'months are finer than Safe Harbor\'s years) and the minimum-necessary standard; 42 CFR Part 2 (2024 rule) ' +
  'permits using SUD records de-identified to that standard. Headers follow suit: `ce_subject` is the subjectKey, ' +
  '`ce_time` the start of the month, and so is the Kafka record timestamp (the topic keeps records by size, not ' +
  'time), `ce_id` and `ce_correlationid` fresh uuids unrelated to the internal events, `ce_tenantid` (and with it ' +
  '`ce_source`) a pseudonym of the clinic, `locationId` a pseudonymous uuid of the site (never the id other topics ' +
  'carry), and `ce_causationid` and `traceparent` are never sent. Analysts suppress cells of fewer than 11 ' +
  'patients before sharing results.';

/** Appended to each analytics message; the full note is on the topic. */
export const DEIDENTIFIED =
  'Pseudonymous keys replace ids; no names, dates of birth, free text or exact dates (see the iop.analytics.v1 ' +
  'topic for what was removed and why).';

/** Keyed pseudonym: HMAC-SHA256 of an internal id under the tenant's analytics key, lower-case hex. */
export const pseudonym = (tenantKey: string | Buffer, id: string): string =>
  createHmac('sha256', tenantKey).update(id, 'utf8').digest('hex');

const hmacHex = (description: string): PropertySchema => ({ type: 'string', pattern: '^[0-9a-f]{64}$', description });

export const subjectKey = hmacHex(
  'Pseudonymous patient: HMAC-SHA256 of the patient id under the tenant\'s analytics key (see keyVersion). ' +
    'Stable across a patient\'s episodes; not reversible without the key, which analysts never hold.',
);
export const episodeKey = hmacHex('Pseudonymous episode: HMAC-SHA256 of the episode id under the same key.');
export const keyVersion: PropertySchema = {
  type: 'integer',
  minimum: 1,
  description: 'Version of the tenant\'s analytics key; pseudonyms from different key versions do not match.',
};
export const month = (description: string): PropertySchema => ({
  type: 'string',
  pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$',
  description: `${description} Month \`YYYY-MM\`: the exact date is removed.`,
});

export type Pseudonyms = { subjectKey: string; episodeKey: string; keyVersion: number };
export const pseudonyms = { subjectKey, episodeKey, keyVersion };
export const PSEUDONYM_FIELDS = ['subjectKey', 'episodeKey', 'keyVersion'] as const;
