import { defineContract } from '../contract';
import { CONSENT_CATEGORY_NAMES } from '../disclosure';
import { EXAMPLE_IDS as ids } from '../example-ids';
import { patientId } from '../fields';
import { arrayOf, code, dateTime, enumOf, uuid } from '../schema';

/** Part 2 consents are a patient-level ledger: keyed by patientId so grants and revocations stay in order. */
const information = (description: string) =>
  arrayOf(code(`Information category: ${CONSENT_CATEGORY_NAMES.map((c) => `\`${c}\``).join(', ')} (each public event that concerns a patient names its category).`), description, {
    minItems: 1,
    uniqueItems: true,
  });

export type ConsentGranted = {
  consentId: string;
  patientId: string;
  recipient: string;
  purpose: string;
  information: string[];
  expiresAt?: string;
  grantedAt: string;
};

export const consentGrantedV1 = defineContract<ConsentGranted>()({
  service: 'admissions',
  name: 'ConsentGranted',
  consentCategory: null,
  version: 1,
  key: 'patientId',
  description:
    'The patient signed a 42 CFR Part 2 consent to disclose the listed categories of information to a recipient ' +
    'for a purpose. Webhooks check this ledger before every disclosure outside the program.',
  required: ['consentId', 'patientId', 'recipient', 'purpose', 'information', 'grantedAt'],
  properties: {
    consentId: uuid('Consent (a new grant is a new consent; versions are kept by admissions).'),
    patientId,
    recipient: code('Recipient id from the consent ledger, e.g. `payer:acme-health`; never a person\'s name.'),
    purpose: code('Purpose of disclosure, e.g. `treatment`, `payment`, `care-coordination`.'),
    information: information('Categories of information the consent covers.'),
    expiresAt: dateTime('When the consent expires; absent when it lasts until revoked.'),
    grantedAt: dateTime('When the patient signed the consent.'),
  },
  example: {
    consentId: ids.consentId,
    patientId: ids.patientId,
    recipient: 'payer:acme-health',
    purpose: 'payment',
    information: ['attendance', 'discharge'],
    expiresAt: '2026-03-07T00:00:00-05:00',
    grantedAt: '2025-03-07T14:30:00-05:00',
  },
});

export type ConsentRevoked = {
  consentId: string;
  patientId: string;
  scope: 'full' | 'partial';
  revokedInformation?: string[];
  revokedAt: string;
};

export const consentRevokedV1 = defineContract<ConsentRevoked>()({
  service: 'admissions',
  name: 'ConsentRevoked',
  consentCategory: null,
  version: 1,
  key: 'patientId',
  description:
    'The patient revoked a Part 2 consent, fully or for some categories. Disclosures stop from `revokedAt`; what ' +
    'was already disclosed stays in the accounting of disclosures.',
  required: ['consentId', 'patientId', 'scope', 'revokedAt'],
  properties: {
    consentId: uuid('Consent being revoked.'),
    patientId,
    scope: enumOf(['full', 'partial'], '`full` ends the consent; `partial` removes the categories listed.'),
    revokedInformation: information('Categories no longer covered; required when `scope` is `partial`.'),
    revokedAt: dateTime('When the revocation was recorded.'),
  },
  allOf: [
    {
      if: { properties: { scope: { const: 'partial' } } },
      then: { required: ['revokedInformation'] },
    },
  ],
  example: {
    consentId: ids.consentId,
    patientId: ids.patientId,
    scope: 'partial',
    revokedInformation: ['attendance'],
    revokedAt: '2025-04-15T11:00:00-04:00',
  },
});
