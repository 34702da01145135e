import { assertNever } from '@iop/decider';
import type { SubscriptionEvent } from './subscription.events';

/** Deliveries flow only while `active`; `paused` by an admin, `disabled` by the service (410 or failing for days). */
export type SubscriptionState =
  | { status: 'none'; version: 0 }
  | { status: 'active' | 'paused' | 'disabled'; subscriptionId: string; version: number }
  | { status: 'deleted'; subscriptionId: string; version: number };

export const initialState = (): SubscriptionState => ({ status: 'none', version: 0 });

export function evolve(state: SubscriptionState, event: SubscriptionEvent): SubscriptionState {
  const version = state.version + 1;
  const subscriptionId = event.data.subscriptionId;
  switch (event.type) {
    case 'SubscriptionCreated':
    case 'SubscriptionResumed':
      return { status: 'active', subscriptionId, version };
    case 'SubscriptionUpdated':
    case 'SecretRotated':
      return { ...state, version } as SubscriptionState;
    case 'SubscriptionPaused':
      return { status: 'paused', subscriptionId, version };
    case 'EndpointDisabled':
      return { status: 'disabled', subscriptionId, version };
    case 'SubscriptionDeleted':
      return { status: 'deleted', subscriptionId, version };
    default:
      return assertNever(event);
  }
}
