import { REDISCLOSURE_NOTICE_URL } from './recipient-access';

/**
 * The definition of the extension that carries the redisclosure notice on `meta`, served at
 * `/fhir/StructureDefinition/part2-redisclosure-notice` (its canonical URL names this server's path) so that a
 * validator that refuses unknown extensions, as HL7's does when so set, can load it.
 */
export const NOTICE_EXTENSION_DEFINITION = {
  resourceType: 'StructureDefinition',
  id: 'part2-redisclosure-notice',
  url: REDISCLOSURE_NOTICE_URL,
  name: 'Part2RedisclosureNotice',
  title: '42 CFR Part 2 redisclosure notice',
  status: 'active',
  date: '2026-12-06',
  publisher: 'IOP platform',
  description:
    'The notice 42 CFR 2.32 requires with each disclosure of a 42 CFR Part 2 record made with the patient\'s consent, as text, on the ' +
    'meta of every resource labelled 42CFRPart2 (the NORDSLCD security label is its machine-readable half).',
  fhirVersion: '4.0.1',
  kind: 'complex-type',
  abstract: false,
  context: [{ type: 'element', expression: 'Meta' }],
  type: 'Extension',
  baseDefinition: 'http://hl7.org/fhir/StructureDefinition/Extension',
  derivation: 'constraint',
  differential: {
    element: [
      { id: 'Extension', path: 'Extension', short: '42 CFR Part 2 redisclosure notice', definition: 'The text of the notice 42 CFR 2.32 requires.', min: 0, max: '1' },
      { id: 'Extension.extension', path: 'Extension.extension', max: '0' },
      { id: 'Extension.url', path: 'Extension.url', fixedUri: REDISCLOSURE_NOTICE_URL },
      { id: 'Extension.value[x]', path: 'Extension.value[x]', min: 1, type: [{ code: 'string' }] },
    ],
  },
} as const;
