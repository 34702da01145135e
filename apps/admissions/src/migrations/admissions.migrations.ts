import { AdmissionsConsumedFacts1764230400201 } from './consumed-facts.migration';
import { AdmissionsFhirDisclosures1796800000000 } from './fhir-disclosures.migration';
import { AdmissionsReadModels1764230400200 } from './read-models.migration';

/** In order, after the platform's and the event store's migrations. */
export const ADMISSIONS_MIGRATIONS = [AdmissionsReadModels1764230400200, AdmissionsConsumedFacts1764230400201, AdmissionsFhirDisclosures1796800000000];
