import { crisisNeedsAlert, missedSessionsBeforePositiveScreen, routeSafetyAlert } from './safety-alert.rules';

describe('routing a safety alert', () => {
  const roster = [
    { staffId: 'dr-lee', from: '2026-03-08T02:00:00.000Z', to: '2026-03-08T13:00:00.000Z' },
    { staffId: 'kim', from: '2026-03-08T13:00:00.000Z', to: '2026-03-09T01:00:00.000Z' },
  ];
  it('goes to the clinician on call at the signal time (from inclusive, to exclusive)', () => {
    expect(routeSafetyAlert(roster, '2026-03-08T12:59:59.000Z')).toEqual({ routedTo: 'on-call-clinician', routedToStaffId: 'dr-lee' });
    expect(routeSafetyAlert(roster, '2026-03-08T13:00:00.000Z')).toEqual({ routedTo: 'on-call-clinician', routedToStaffId: 'kim' });
  });
  it('goes to the supervisor role when nobody is on call', () => {
    expect(routeSafetyAlert(roster, '2026-03-09T01:00:00.000Z')).toEqual({ routedTo: 'supervisor' });
    expect(routeSafetyAlert([], '2026-03-08T12:00:00.000Z')).toEqual({ routedTo: 'supervisor' });
  });
  it('with two on call, to the latest handover, the same on every replay', () => {
    const overlap = [...roster, { staffId: 'sam', from: '2026-03-08T10:00:00.000Z', to: '2026-03-08T14:00:00.000Z' }];
    expect(routeSafetyAlert(overlap, '2026-03-08T11:00:00.000Z').routedToStaffId).toBe('sam');
    expect(routeSafetyAlert([...overlap].reverse(), '2026-03-08T11:00:00.000Z').routedToStaffId).toBe('sam');
  });
});

describe('signals', () => {
  it('a crisis rated high or imminent, not low or moderate', () => {
    expect(['low', 'moderate', 'high', 'imminent'].map(crisisNeedsAlert)).toEqual([false, false, true, true]);
  });

  const positive = [{ result: 'negative' }, { result: 'positive' }];
  const sessions = [
    { status: 'absent-unexcused' as const, startsAt: '2026-03-05T23:00:00.000Z' },
    { status: 'absent-excused' as const, startsAt: '2026-03-09T23:00:00.000Z' },
    { status: 'present' as const, startsAt: '2026-03-10T23:00:00.000Z' },
  ];
  it('an unexcused absence within the window before a positive screen', () => {
    expect(missedSessionsBeforePositiveScreen(sessions, '2026-03-11', positive, 7)).toEqual(['2026-03-05T23:00:00.000Z']);
  });
  it('not an excused absence, not outside the window, not a negative screen', () => {
    expect(missedSessionsBeforePositiveScreen(sessions, '2026-03-11', positive, 3)).toEqual([]);
    expect(missedSessionsBeforePositiveScreen(sessions, '2026-03-11', [{ result: 'negative' }, { result: 'inconclusive' }], 7)).toEqual([]);
    expect(missedSessionsBeforePositiveScreen(sessions, '2026-03-02', positive, 7)).toEqual([]);
  });
});
