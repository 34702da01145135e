import { REFERRAL_SOURCES, type ReferralSource } from '../codes';
import { defineContract } from '../contract';
import { EXAMPLE_IDS as ids } from '../example-ids';
import { patientId } from '../fields';
import { dateTime, enumOf, uuid } from '../schema';

/** Patient-level: keyed by patientId. The referral form's name, date of birth and phone stay in admissions. */
export type PatientReferred = {
  referralId: string;
  patientId: string;
  source: ReferralSource;
  referredAt: string;
};

export const patientReferredV1 = defineContract<PatientReferred>()({
  service: 'admissions',
  name: 'PatientReferred',
  consentCategory: 'admission',
  version: 1,
  key: 'patientId',
  description:
    'A patient was referred to the program. Carries ids and the referral source only: the referral form (name, ' +
    'date of birth, phone) stays in admissions and is read through its authorized API.',
  required: ['referralId', 'patientId', 'source', 'referredAt'],
  properties: {
    referralId: uuid('Referral.'),
    patientId,
    source: enumOf(REFERRAL_SOURCES, 'Where the referral came from (often a step-down from detox or residential).'),
    referredAt: dateTime('When the referral was received.'),
  },
  example: {
    referralId: ids.referralId,
    patientId: ids.patientId,
    source: 'residential',
    referredAt: '2025-03-03T09:15:00-05:00',
  },
});
