import { fhirDisclosureRecordedV1, type FhirDisclosureRecorded } from '@iop/domain-events';
import type { PublicMapping } from '@iop/event-store';

/** The facade's only events: the disclosures it makes, recorded in the response's transaction (disclosures.ts). */
export type DisclosureRecorded = { type: 'DisclosureRecorded'; data: FhirDisclosureRecorded };

/** A disclosure goes public as it is, for admissions' accounting of disclosures (42 CFR 2.24). */
export const fhirPublicMapping: PublicMapping = (event) =>
  event.type === 'DisclosureRecorded' ? [{ contract: fhirDisclosureRecordedV1, data: event.data as FhirDisclosureRecorded }] : [];
