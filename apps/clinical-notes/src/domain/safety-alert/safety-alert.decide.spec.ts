import { given, type CommandMetadata } from '@iop/decider';
import type { SafetySignal } from '@iop/domain-events';
import { safetyAlertDecider, type SafetyAlertCommand } from './safety-alert.decide';
import type { SafetyAlertEvent } from './safety-alert.events';

const at = (now: string, subject = 'dr-lee'): CommandMetadata => ({ now, tenantId: 't1', actor: { subject, roles: ['clinician'] }, correlationId: 'c1' });
const roster = [{ staffId: 'dr-lee', from: '2026-03-08T02:00:00.000Z', to: '2026-03-08T13:00:00.000Z' }];
const signal: { episodeId: string; patientId: string; locationId: string; signal: SafetySignal; sourceId: string; signalAt: string } = {
  episodeId: 'e1', patientId: 'p1', locationId: 'l1', signal: 'phq9-item9-positive', sourceId: 'm1', signalAt: '2026-03-08T03:00:00.000Z',
};
const open = (alertId = 'a1', r = roster, s = signal): SafetyAlertCommand => ({ type: 'OpenSafetyAlert', data: { alertId, ...s, roster: r }, metadata: at('2026-03-08T03:00:01.000Z', 'service:clinical-notes') });
const base = { alertId: 'a1', episodeId: 'e1', patientId: 'p1', signal: 'phq9-item9-positive' as const, openedAt: '2026-03-08T03:00:01.000Z' };
const opened: SafetyAlertEvent = {
  type: 'SafetyAlertOpened',
  data: { alertId: 'a1', ...signal, routedTo: 'on-call-clinician', routedToStaffId: 'dr-lee', openedAt: '2026-03-08T03:00:01.000Z' },
};
const acknowledged: SafetyAlertEvent = { type: 'SafetyAlertAcknowledged', data: { ...base, acknowledgedBy: 'dr-lee', acknowledgedAt: '2026-03-08T03:10:00.000Z' } };
const ack: SafetyAlertCommand = { type: 'AcknowledgeSafetyAlert', data: { alertId: 'a1' }, metadata: at('2026-03-08T03:10:00.000Z') };
const resolve = (data: { noteId?: string; summary?: string }): SafetyAlertCommand => ({ type: 'ResolveSafetyAlert', data: { alertId: 'a1', ...data }, metadata: at('2026-03-08T04:00:00.000Z') });
const escalate = (now: string): SafetyAlertCommand => ({ type: 'EscalateSafetyAlert', data: { alertId: 'a1', escalateAfterMinutes: 30 }, metadata: at(now, 'service:clinical-notes') });

describe('opening', () => {
  it('routes to the clinician on call at the signal time', () => given(safetyAlertDecider).when(open()).then([opened]));
  it('routes to the supervisor role when nobody is on call, and says so', () => {
    const [event] = given(safetyAlertDecider).when(open('a1', [])).events();
    expect(event.data).toMatchObject({ routedTo: 'supervisor' });
    expect(event.data).not.toHaveProperty('routedToStaffId');
  });
  it('opens one alert per episode and signal: a redelivery or a second signal of the kind adds nothing', () => {
    given(safetyAlertDecider, [opened]).when(open()).then([]);
    given(safetyAlertDecider, [opened]).when(open('a2')).then([]);
  });
  it('opens another kind of signal beside it', () => {
    const crisis = { ...signal, signal: 'crisis-high-risk' as const, sourceId: 'n1' };
    expect(given(safetyAlertDecider, [opened]).when(open('a2', roster, crisis)).events()).toHaveLength(1);
  });
  it('opens again once the earlier alert of the kind is resolved', () => {
    const resolved: SafetyAlertEvent = { type: 'SafetyAlertResolved', data: { ...base, summary: 'called', resolvedBy: 'dr-lee', resolvedAt: '2026-03-08T04:00:00.000Z' } };
    expect(given(safetyAlertDecider, [opened, acknowledged, resolved]).when(open('a2')).events()).toHaveLength(1);
  });
});

describe('acknowledging and resolving', () => {
  it('acknowledges an open alert once', () => {
    given(safetyAlertDecider, [opened]).when(ack).then([acknowledged]);
    given(safetyAlertDecider, [opened, acknowledged]).when(ack).thenThrows('conflict', 'acknowledged');
  });
  it('resolves only after acknowledgement, with documentation', () => {
    given(safetyAlertDecider, [opened]).when(resolve({ summary: 'Called the patient; safety plan reviewed.' })).thenThrows('conflict', 'Acknowledge');
    given(safetyAlertDecider, [opened, acknowledged]).when(resolve({ summary: '   ' })).thenThrows('invalid');
    given(safetyAlertDecider, [opened, acknowledged]).when(resolve({ noteId: 'n9' })).then([{
      type: 'SafetyAlertResolved', data: { ...base, noteId: 'n9', resolvedBy: 'dr-lee', resolvedAt: '2026-03-08T04:00:00.000Z' },
    }]);
  });
  it('refuses an unknown alert (404)', () => given(safetyAlertDecider, [opened]).when({ ...ack, data: { alertId: 'zz' } }).thenThrows('not-found'));
});

describe('escalating', () => {
  it('waits for the escalation time, then escalates once to the supervisor', () => {
    given(safetyAlertDecider, [opened]).when(escalate('2026-03-08T03:30:00.000Z')).then([]);
    const escalated: SafetyAlertEvent = { type: 'SafetyAlertEscalated', data: { ...base, escalatedTo: 'supervisor', escalatedAt: '2026-03-08T03:30:01.000Z' } };
    given(safetyAlertDecider, [opened]).when(escalate('2026-03-08T03:30:01.000Z')).then([escalated]);
    given(safetyAlertDecider, [opened, escalated]).when(escalate('2026-03-08T05:00:00.000Z')).then([]);
  });
  it('leaves an acknowledged alert alone', () => given(safetyAlertDecider, [opened, acknowledged]).when(escalate('2026-03-08T05:00:00.000Z')).then([]));
});
