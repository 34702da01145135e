import { defineContract } from '../contract';
import { EXAMPLE_IDS as ids } from '../example-ids';
import { patientId } from '../fields';
import { code, dateTime, uuid } from '../schema';

export type DisclosureRecorded = {
  disclosureId: string;
  patientId: string;
  recipient: string;
  purpose: string;
  eventType: string;
  eventId: string;
  disclosedAt: string;
  consentId?: string;
};

/** Keyed by patientId like the consent ledger, so one patient's disclosures stay in order for admissions. */
export const disclosureRecordedV1 = defineContract<DisclosureRecorded>()({
  service: 'webhooks',
  name: 'DisclosureRecorded',
  consentCategory: null,
  version: 1,
  key: 'patientId',
  description:
    'A webhook delivery disclosed a patient-related event to a recipient outside the program under a Part 2 ' +
    'consent. Admissions keeps these for the 42 CFR Part 2 accounting of disclosures (3 years on request).',
  required: ['disclosureId', 'patientId', 'recipient', 'purpose', 'eventType', 'eventId', 'disclosedAt'],
  properties: {
    disclosureId: uuid('Disclosure (one per message and delivery round; a resend or replay is a new disclosure).'),
    patientId,
    recipient: code('Recipient id from the consent ledger (the subscription\'s `recipient`), e.g. `payer:acme-health`.'),
    purpose: code('Purpose of disclosure from the consent the delivery relied on, e.g. `payment`.'),
    eventType: {
      type: 'string',
      pattern: '^iop\\.[a-z-]+\\.[A-Z][A-Za-z0-9]*\\.v[1-9][0-9]*$',
      maxLength: 128,
      description: 'CloudEvents type of the disclosed event, e.g. `iop.admissions.PatientAdmitted.v1`.',
    },
    eventId: uuid('Id of the disclosed event (its `ce_id`).'),
    disclosedAt: dateTime('When the delivery attempt sent the event to the recipient.'),
    consentId: uuid('Consent the disclosure relied on.'),
  },
  example: {
    disclosureId: 'd15c1050-0000-4000-8000-000000000001',
    patientId: ids.patientId,
    recipient: 'payer:acme-health',
    purpose: 'payment',
    eventType: 'iop.admissions.PatientAdmitted.v1',
    eventId: '0b9f7c2e-4d1a-4e8b-9c3f-5a6b7c8d9e0f',
    disclosedAt: '2025-03-07T14:02:12-05:00',
    consentId: ids.consentId,
  },
});
