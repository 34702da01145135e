import { defineContract } from '../contract';
import { EXAMPLE_IDS as ids } from '../example-ids';
import { patientId } from '../fields';
import { arrayOf, code, dateTime, enumOf, uuid } from '../schema';

/** What the FHIR facade gave out: an interaction of FHIR's REST API or a Bulk Data export. */
export const FHIR_INTERACTIONS = ['read', 'vread', '_history', 'search', '$everything', '$export'] as const;
export type FhirInteraction = (typeof FHIR_INTERACTIONS)[number];

export type FhirDisclosureRecorded = {
  disclosureId: string;
  patientId: string;
  recipient: string;
  purpose: string;
  consentId: string;
  interaction: FhirInteraction;
  resources: string[];
  disclosedAt: string;
};

/**
 * Keyed by patientId like webhooks' DisclosureRecorded, so one patient's disclosures stay in order for admissions.
 * Webhooks' contract names one event (`eventType`, `eventId`, both required); a FHIR response gives out resources,
 * so this is the facade's own contract, on its own topic, rather than that one with its fields made optional.
 */
export const fhirDisclosureRecordedV1 = defineContract<FhirDisclosureRecorded>()({
  service: 'fhir',
  name: 'DisclosureRecorded',
  consentCategory: null,
  version: 1,
  key: 'patientId',
  description:
    'The FHIR facade gave a recipient outside the program (an integrator\'s token) resources of a patient under a ' +
    'Part 2 consent: a read, a search page, `$everything` or a Bulk Data export. One per patient and consent relied ' +
    'on in a response. Admissions keeps these with webhooks\' for the 42 CFR Part 2 accounting of disclosures.',
  required: ['disclosureId', 'patientId', 'recipient', 'purpose', 'consentId', 'interaction', 'resources', 'disclosedAt'],
  properties: {
    disclosureId: uuid('Disclosure, as the facade records it (GET /v1/disclosures of the fhir service).'),
    patientId,
    recipient: code('Recipient id from the consent (the token\'s OAuth client), e.g. `payer:acme-health`.'),
    purpose: code('Purpose of disclosure from the consent relied on, e.g. `payment`.'),
    consentId: uuid('Consent the disclosure relied on.'),
    interaction: enumOf(FHIR_INTERACTIONS, 'What the recipient asked for.'),
    resources: arrayOf(
      { type: 'string', pattern: '^[A-Z][A-Za-z]+/[A-Za-z0-9.-]{1,64}$', description: 'A resource given out, `Type/id`.' },
      'The resources the response carried of this patient, as `Type/id` (their content stays in the facade).',
      { minItems: 1 },
    ),
    disclosedAt: dateTime('When the response was given (the transaction that recorded it).'),
  },
  example: {
    disclosureId: 'd15c1050-0000-4000-8000-000000000002',
    patientId: ids.patientId,
    recipient: 'payer:acme-health',
    purpose: 'payment',
    consentId: ids.consentId,
    interaction: 'read',
    resources: [`EpisodeOfCare/${ids.episodeId}`],
    disclosedAt: '2025-03-07T14:02:12-05:00',
  },
});
