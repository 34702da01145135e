import { fhirDisclosureRecordedV1 } from './disclosure.contracts';

export * from './disclosure.contracts';

export const FHIR_CONTRACTS = [fhirDisclosureRecordedV1] as const;
