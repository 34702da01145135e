import { RESOURCE_TYPES } from '../resources/fhir-resources';
import { SEARCH_PARAMS } from './search';

/** When this statement last changed (a CapabilityStatement's `date` is its own, not the time of the request). */
const STATEMENT_DATE = '2026-12-06';

/**
 * What this server does, for `GET /fhir/metadata`: read, vread, instance history and search per type,
 * Patient/$everything, Bulk Data $export (system and Patient level), JSON only.
 */
export function capabilityStatement(baseUrl: string): Record<string, unknown> {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: STATEMENT_DATE,
    publisher: 'IOP platform',
    kind: 'instance',
    implementation: {
      description: 'IOP FHIR R4 facade: read-only resources derived from the platform\'s public events (42 CFR Part 2 labelled)',
      url: baseUrl,
    },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [{
      mode: 'server',
      security: {
        description:
          'A bearer token from the clinic\'s identity provider; one of the clinical roles (clinician, supervisor, psychiatrist, ' +
          'nurse) is required and only the token\'s tenant is visible. SMART scopes, when the token has any, narrow it: ' +
          '(patient|user|system)/<type|*>.read or .rs, patient/ to the patient claim of the launch context. Every read is audited. ' +
          'An integrator (a recipient outside the program, its token\'s client_id the recipient) reads only what a 42 CFR Part 2 ' +
          'consent in force names it for, and each such read is recorded as a disclosure. Every resource carries the Part 2 ' +
          'security labels and the redisclosure notice (42 CFR 2.32) in meta. $export: the clinical roles, integrators as above, ' +
          'analysts de-identified.',
      },
      resource: RESOURCE_TYPES.map((type) => ({
        type,
        interaction: [{ code: 'read' }, { code: 'vread' }, { code: 'history-instance' }, { code: 'search-type' }],
        versioning: 'versioned',
        readHistory: true,
        searchParam: SEARCH_PARAMS[type].map(({ name, type: paramType }) => ({ name, type: paramType })),
        ...(type === 'Patient'
          ? {
            operation: [
              { name: 'everything', definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything' },
              { name: 'export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export' },
            ],
          }
          : {}),
      })),
      operation: [{ name: 'export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export' }],
    }],
  };
}
