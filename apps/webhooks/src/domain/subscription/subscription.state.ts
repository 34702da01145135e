import { assertNever } from '@iop/decider';
import type { SubscriptionEvent } from './subscription.events';

/** Deliveries flow only while `active`; `paused` by an admin, `disabled` by the service (410 or failing for days). */
/** Who the endpoint discloses to, and why: both or neither (a recipient without a purpose could match no consent). */
export type Disclosure = { recipient?: string; purpose?: string };

export type SubscriptionState =
  | { status: 'none'; version: 0 }
  | ({ status: 'active' | 'paused' | 'disabled'; subscriptionId: string; version: number } & Disclosure)
  | { status: 'deleted'; subscriptionId: string; version: number };

const disclosureOf = (state: SubscriptionState): Disclosure =>
  state.status === 'active' || state.status === 'paused' || state.status === 'disabled' ? { recipient: state.recipient, purpose: state.purpose } : {};

/** A setting after a change: `null` clears it, absent leaves it. */
const changed = (before: string | undefined, after: string | null | undefined): string | undefined => (after === undefined ? before : (after ?? undefined));

export const initialState = (): SubscriptionState => ({ status: 'none', version: 0 });

export { disclosureOf, changed };

export function evolve(state: SubscriptionState, event: SubscriptionEvent): SubscriptionState {
  const version = state.version + 1;
  const subscriptionId = event.data.subscriptionId;
  switch (event.type) {
    case 'SubscriptionCreated':
      return { status: 'active', subscriptionId, version, recipient: event.data.recipient, purpose: event.data.purpose };
    case 'SubscriptionResumed':
      return { status: 'active', subscriptionId, version, ...disclosureOf(state) };
    case 'SubscriptionUpdated': {
      const { recipient, purpose } = disclosureOf(state);
      const c = event.data.changes;
      return { ...state, version, recipient: changed(recipient, c.recipient), purpose: changed(purpose, c.purpose) } as SubscriptionState;
    }
    case 'SecretRotated':
      return { ...state, version } as SubscriptionState;
    case 'SubscriptionPaused':
      return { status: 'paused', subscriptionId, version, ...disclosureOf(state) };
    case 'EndpointDisabled':
      return { status: 'disabled', subscriptionId, version, ...disclosureOf(state) };
    case 'SubscriptionDeleted':
      return { status: 'deleted', subscriptionId, version };
    default:
      return assertNever(event);
  }
}
