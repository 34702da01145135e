import { assertNever, conflict, type CommandMetadata, type Decider, invalid, notFound } from '@iop/decider';
import { eventTypeProblems } from './event-filter';
import type { SettingsChanges, SubscriptionEvent, SubscriptionSettings } from './subscription.events';
import { changed, type Disclosure, evolve, initialState, type SubscriptionState } from './subscription.state';

type Meta = { metadata: CommandMetadata };

/** URLs arrive already vetted (syntax, scheme, address): that check needs DNS, which the domain does not do. */
export type SubscriptionCommand =
  | ({ type: 'CreateSubscription'; data: SubscriptionSettings & { subscriptionId: string; sealedSecret: string } } & Meta)
  | ({ type: 'UpdateSubscription'; data: { changes: SettingsChanges; expectedVersion?: number } } & Meta)
  | ({ type: 'PauseSubscription' } & Meta)
  | ({ type: 'ResumeSubscription' } & Meta)
  | ({ type: 'RotateSecret'; data: { sealedSecret: string; previousValidUntil: string } } & Meta)
  | ({ type: 'DisableEndpoint'; data: { reason: 'gone' | 'failing' } } & Meta)
  | ({ type: 'DeleteSubscription' } & Meta);

/** A command before its metadata is attached (what controllers build). */
export type SubscriptionRequest = SubscriptionCommand extends infer C ? (C extends unknown ? Omit<C, 'metadata'> : never) : never;

type Existing = Extract<SubscriptionState, { status: 'active' | 'paused' | 'disabled' }>;

function existing(state: SubscriptionState): Existing {
  if (state.status === 'none' || state.status === 'deleted') throw notFound('No such subscription.');
  return state;
}

function filterIsValid(eventTypes: string[] | undefined): void {
  if (eventTypes === undefined) return;
  const problems = eventTypeProblems(eventTypes);
  if (problems.length) throw invalid('The event type filter is not valid.', problems, 'invalid-event-types');
}

/**
 * A recipient receives patient events under a consent that names it and the same purpose (42 CFR 2.31: a consent
 * states why it may disclose). Without a purpose no consent could ever match, so the two go together.
 */
function purposeGoesWithRecipient({ recipient, purpose }: Disclosure): void {
  if (recipient && !purpose) throw invalid('A subscription with a Part 2 recipient declares the purpose of its disclosures.', [{ path: 'purpose', message: 'is required with a recipient' }]);
  if (purpose && !recipient) throw invalid('A purpose belongs to a Part 2 recipient.', [{ path: 'recipient', message: 'is required with a purpose' }]);
}

function create(command: Extract<SubscriptionCommand, { type: 'CreateSubscription' }>, state: SubscriptionState): SubscriptionEvent[] {
  if (state.status !== 'none') throw conflict('This subscription already exists.');
  filterIsValid(command.data.eventTypes);
  purposeGoesWithRecipient(command.data);
  return [{ type: 'SubscriptionCreated', data: { ...command.data, createdAt: command.metadata.now } }];
}

function update(command: Extract<SubscriptionCommand, { type: 'UpdateSubscription' }>, state: SubscriptionState): SubscriptionEvent[] {
  const current = existing(state);
  const { changes, expectedVersion } = command.data;
  if (expectedVersion !== undefined && expectedVersion !== current.version) {
    throw conflict(`The subscription changed since version ${expectedVersion} (now ${current.version}); read it again.`, 'version-mismatch');
  }
  filterIsValid(changes.eventTypes);
  purposeGoesWithRecipient({ recipient: changed(current.recipient, changes.recipient), purpose: changed(current.purpose, changes.purpose) });
  if (Object.keys(changes).length === 0) return [];
  return [{ type: 'SubscriptionUpdated', data: { subscriptionId: current.subscriptionId, changes, updatedAt: command.metadata.now } }];
}

function pause(state: SubscriptionState, now: string): SubscriptionEvent[] {
  const current = existing(state);
  if (current.status === 'paused') return [];
  if (current.status === 'disabled') throw conflict('The endpoint is disabled; resume it once it works again.', 'endpoint-disabled');
  return [{ type: 'SubscriptionPaused', data: { subscriptionId: current.subscriptionId, pausedAt: now } }];
}

function resume(state: SubscriptionState, now: string): SubscriptionEvent[] {
  const current = existing(state);
  if (current.status === 'active') return [];
  return [{ type: 'SubscriptionResumed', data: { subscriptionId: current.subscriptionId, resumedAt: now } }];
}

/** The service disables only what is running: a paused or already disabled endpoint stays as it is. */
function disable(state: SubscriptionState, reason: 'gone' | 'failing', now: string): SubscriptionEvent[] {
  if (state.status !== 'active') return [];
  return [{ type: 'EndpointDisabled', data: { subscriptionId: state.subscriptionId, reason, disabledAt: now } }];
}

export function decide(command: SubscriptionCommand, state: SubscriptionState): SubscriptionEvent[] {
  const now = command.metadata.now;
  switch (command.type) {
    case 'CreateSubscription':
      return create(command, state);
    case 'UpdateSubscription':
      return update(command, state);
    case 'PauseSubscription':
      return pause(state, now);
    case 'ResumeSubscription':
      return resume(state, now);
    case 'RotateSecret': {
      const { subscriptionId } = existing(state);
      return [{ type: 'SecretRotated', data: { subscriptionId, ...command.data, rotatedAt: now } }];
    }
    case 'DisableEndpoint':
      return disable(state, command.data.reason, now);
    case 'DeleteSubscription':
      return [{ type: 'SubscriptionDeleted', data: { subscriptionId: existing(state).subscriptionId, deletedAt: now } }];
    default:
      return assertNever(command);
  }
}

export const subscriptionDecider: Decider<SubscriptionCommand, SubscriptionEvent, SubscriptionState> = { decide, evolve, initialState };

export const subscriptionStream = (subscriptionId: string) => ({ id: `subscription-${subscriptionId}`, type: 'subscription' });
