import { disclosureRecordedV1 } from './disclosure.contracts';
import { endpointDisabledV1 } from './endpoint.contracts';

export * from './disclosure.contracts';
export * from './endpoint.contracts';

export const WEBHOOKS_CONTRACTS = [disclosureRecordedV1, endpointDisabledV1] as const;
