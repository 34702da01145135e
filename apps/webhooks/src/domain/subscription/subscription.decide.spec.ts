import { given } from '@iop/decider';
import { subscriptionDecider } from './subscription.decide';
import type { SubscriptionCommand, SubscriptionRequest } from './subscription.decide';
import type { SubscriptionEvent } from './subscription.events';

const id = '6f1d7a52-2f3e-4c8b-9a1d-0c2b3a4d5e6f';
const metadata = { now: '2025-03-07T14:00:00Z', tenantId: 'clinic-a', actor: { subject: 'u1', roles: ['admin'] }, correlationId: 'c1' };
const later = { ...metadata, now: '2025-03-08T09:00:00Z' };

const created: SubscriptionEvent = {
  type: 'SubscriptionCreated',
  data: { subscriptionId: id, url: 'https://hooks.example.com/iop', eventTypes: ['iop.admissions.*'], recipient: 'payer:acme', purpose: 'payment', sealedSecret: 'v1.x', createdAt: metadata.now },
};
const paused: SubscriptionEvent = { type: 'SubscriptionPaused', data: { subscriptionId: id, pausedAt: metadata.now } };
const disabled: SubscriptionEvent = { type: 'EndpointDisabled', data: { subscriptionId: id, reason: 'gone', disabledAt: metadata.now } };
const deleted: SubscriptionEvent = { type: 'SubscriptionDeleted', data: { subscriptionId: id, deletedAt: metadata.now } };

const cmd = (c: SubscriptionRequest, m = later) => ({ ...c, metadata: m }) as SubscriptionCommand;
const createCmd = (eventTypes: string[]) =>
  cmd({ type: 'CreateSubscription', data: { subscriptionId: id, url: 'https://hooks.example.com/iop', eventTypes, recipient: 'payer:acme', purpose: 'payment', sealedSecret: 'v1.x' } }, metadata);

describe('a subscription that does not exist yet', () => {
  it('is created with its filter', () => {
    given(subscriptionDecider).when(createCmd(['iop.admissions.*'])).then([created]);
  });
  it('refuses an empty filter, an unknown type, a misplaced wildcard and the analytics stream', () => {
    for (const types of [[], ['iop.admissions.PatientTeleported.v1'], ['iop.*.PatientAdmitted.v1'], ['iop.analytics.*'], ['*']]) {
      given(subscriptionDecider).when(createCmd(types)).thenThrows('invalid');
    }
  });
  it('accepts exact types, service wildcards and all-versions wildcards', () => {
    const types = ['iop.scheduling.AttendanceRecorded.v1', 'iop.outcomes.*', 'iop.admissions.PatientAdmitted.*', 'iop.webhooks.EndpointDisabled.v1'];
    expect(given(subscriptionDecider).when(createCmd(types)).events()).toHaveLength(1);
  });
  it('refuses a Part 2 recipient without the purpose of its disclosures, and a purpose without a recipient', () => {
    const base = { subscriptionId: id, url: 'https://hooks.example.com/iop', eventTypes: ['iop.admissions.*'], sealedSecret: 'v1.x' };
    given(subscriptionDecider).when(cmd({ type: 'CreateSubscription', data: { ...base, recipient: 'payer:acme' } }, metadata)).thenThrows('invalid');
    given(subscriptionDecider).when(cmd({ type: 'CreateSubscription', data: { ...base, purpose: 'payment' } }, metadata)).thenThrows('invalid');
    expect(given(subscriptionDecider).when(cmd({ type: 'CreateSubscription', data: base }, metadata)).events()).toHaveLength(1);
  });
  it('cannot be paused, rotated or deleted', () => {
    given(subscriptionDecider).when(cmd({ type: 'PauseSubscription' })).thenThrows('not-found');
    given(subscriptionDecider).when(cmd({ type: 'RotateSecret', data: { sealedSecret: 'v1.y', previousValidUntil: later.now } })).thenThrows('not-found');
    given(subscriptionDecider).when(cmd({ type: 'DeleteSubscription' })).thenThrows('not-found');
  });
});

describe('an active subscription', () => {
  it('pauses once; pausing again changes nothing', () => {
    given(subscriptionDecider, [created]).when(cmd({ type: 'PauseSubscription' })).then([{ type: 'SubscriptionPaused', data: { subscriptionId: id, pausedAt: later.now } }]);
    given(subscriptionDecider, [created, paused]).when(cmd({ type: 'PauseSubscription' })).then([]);
  });
  it('updates only when the If-Match version is current', () => {
    const changes = { description: 'billing', rateLimit: null };
    given(subscriptionDecider, [created]).when(cmd({ type: 'UpdateSubscription', data: { changes, expectedVersion: 1 } }))
      .then([{ type: 'SubscriptionUpdated', data: { subscriptionId: id, changes, updatedAt: later.now } }]);
    given(subscriptionDecider, [created, paused]).when(cmd({ type: 'UpdateSubscription', data: { changes, expectedVersion: 1 } })).thenThrows('conflict');
    given(subscriptionDecider, [created]).when(cmd({ type: 'UpdateSubscription', data: { changes: { eventTypes: [] } } })).thenThrows('invalid');
  });
  it('rotates its secret, keeping the previous one valid until the given time', () => {
    given(subscriptionDecider, [created]).when(cmd({ type: 'RotateSecret', data: { sealedSecret: 'v1.y', previousValidUntil: '2025-03-09T09:00:00Z' } }))
      .then([{ type: 'SecretRotated', data: { subscriptionId: id, sealedSecret: 'v1.y', previousValidUntil: '2025-03-09T09:00:00Z', rotatedAt: later.now } }]);
  });
  it('is disabled by the service when its endpoint is gone', () => {
    given(subscriptionDecider, [created]).when(cmd({ type: 'DisableEndpoint', data: { reason: 'gone' } }))
      .then([{ type: 'EndpointDisabled', data: { subscriptionId: id, reason: 'gone', disabledAt: later.now } }]);
  });
});

describe('a paused or disabled subscription', () => {
  it('is not disabled by the service while paused', () => {
    given(subscriptionDecider, [created, paused]).when(cmd({ type: 'DisableEndpoint', data: { reason: 'failing' } })).then([]);
  });
  it('cannot be paused while disabled, but resumes', () => {
    given(subscriptionDecider, [created, disabled]).when(cmd({ type: 'PauseSubscription' })).thenThrows('conflict');
    given(subscriptionDecider, [created, disabled]).when(cmd({ type: 'ResumeSubscription' })).then([{ type: 'SubscriptionResumed', data: { subscriptionId: id, resumedAt: later.now } }]);
  });
});

describe('a deleted subscription', () => {
  it('is gone for every command', () => {
    given(subscriptionDecider, [created, deleted]).when(cmd({ type: 'ResumeSubscription' })).thenThrows('not-found');
    given(subscriptionDecider, [created, deleted]).when(cmd({ type: 'DeleteSubscription' })).thenThrows('not-found');
  });
});

describe('the recipient and purpose of an existing subscription', () => {
  const update = (changes: object) => cmd({ type: 'UpdateSubscription', data: { changes } });
  it('change together: clearing the purpose alone is refused, clearing both is not', () => {
    given(subscriptionDecider, [created]).when(update({ purpose: null })).thenThrows('invalid');
    given(subscriptionDecider, [created]).when(update({ recipient: null })).thenThrows('invalid');
    expect(given(subscriptionDecider, [created]).when(update({ recipient: null, purpose: null })).events()).toHaveLength(1);
    expect(given(subscriptionDecider, [created]).when(update({ purpose: 'treatment' })).events()).toHaveLength(1);
  });
  it('are remembered across pauses and updates', () => {
    const cleared: SubscriptionEvent = { type: 'SubscriptionUpdated', data: { subscriptionId: id, changes: { recipient: null, purpose: null }, updatedAt: metadata.now } };
    given(subscriptionDecider, [created, paused, cleared]).when(update({ recipient: 'payer:other' })).thenThrows('invalid');
    given(subscriptionDecider, [created, paused]).when(update({ recipient: 'payer:other' })).then([
      { type: 'SubscriptionUpdated', data: { subscriptionId: id, changes: { recipient: 'payer:other' }, updatedAt: later.now } },
    ]);
  });
});
