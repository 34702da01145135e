import { defineContract } from '../contract';
import { dateTime, enumOf, uuid } from '../schema';

export type EndpointDisabled = {
  subscriptionId: string;
  reason: 'gone' | 'failing';
  disabledAt: string;
};

export const endpointDisabledV1 = defineContract<EndpointDisabled>()({
  service: 'webhooks',
  name: 'EndpointDisabled',
  version: 1,
  key: 'subscriptionId',
  description:
    'The webhooks service stopped delivering to a subscription\'s endpoint: it answered 410 Gone, or every ' +
    'attempt failed for days. The tenant\'s admin resumes it once the endpoint works again.',
  required: ['subscriptionId', 'reason', 'disabledAt'],
  properties: {
    subscriptionId: uuid('Webhook subscription whose endpoint was disabled.'),
    reason: enumOf(['gone', 'failing'], '`gone`: the endpoint answered 410; `failing`: no success for the configured period.'),
    disabledAt: dateTime('When the endpoint was disabled.'),
  },
  example: {
    subscriptionId: 'e1d2c3b4-a5f6-4a7b-8c9d-0e1f2a3b4c5d',
    reason: 'failing',
    disabledAt: '2025-03-12T08:00:00Z',
  },
});
