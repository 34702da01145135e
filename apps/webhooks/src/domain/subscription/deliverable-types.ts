/**
 * The event types integrators may subscribe to: every public event of the four clinical services, and the webhooks
 * service's own EndpointDisabled (so the tenant's other endpoints hear that one was disabled). Not the analytics
 * stream (analysts only) and not DisclosureRecorded (the accounting of disclosures stays inside the program).
 */
import { CONTRACTS, endpointDisabledV1, type Contract } from '@iop/domain-events';

const CLINICAL_SERVICES: readonly Contract['service'][] = ['admissions', 'scheduling', 'clinical-notes', 'outcomes'];

export const DELIVERABLE_TYPES: readonly string[] = [
  ...CONTRACTS.filter((c) => CLINICAL_SERVICES.includes(c.service)).map((c) => c.type),
  endpointDisabledV1.type,
];

export const isDeliverable = (type: string): boolean => DELIVERABLE_TYPES.includes(type);
