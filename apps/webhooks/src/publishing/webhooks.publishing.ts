import type { PublicMapping } from '@iop/event-store';
import { disclosureRecordedV1, endpointDisabledV1 } from '@iop/domain-events';
import type { DisclosureRecorded } from '../disclosure/disclosure.events';
import type { EndpointDisabled } from '../domain/subscription/subscription.events';

/** Disclosures (for the admissions accounting) and disabled endpoints go public; subscription settings never do. */
export const webhooksPublicMapping: PublicMapping = (event) => {
  switch (event.type) {
    case 'DisclosureRecorded': {
      const { subscriptionId: _s, messageId: _m, ...data } = event.data as DisclosureRecorded['data'];
      return [{ contract: disclosureRecordedV1, data }];
    }
    case 'EndpointDisabled': {
      const { subscriptionId, reason, disabledAt } = event.data as EndpointDisabled['data'];
      return [{ contract: endpointDisabledV1, data: { subscriptionId, reason, disabledAt } }];
    }
    default:
      return [];
  }
};
