import { given } from '@iop/decider';
import { meta } from '../../testing/domain-fixtures';
import type { SessionScheduled } from './session.events';
import { type SessionCommand, sessionDecider } from './session.decide';

const now = '2026-11-27T12:00:00.000Z';
const base = {
  sessionId: 'sess-1', locationId: 'loc-1', type: 'group-therapy' as const, startsAt: '2026-12-01T18:00:00-05:00',
  endsAt: '2026-12-01T19:30:00-05:00', facilitator: { role: 'counselor' as const, staffId: 'staff-9' }, room: 'A',
};
const schedule = (extra: Partial<SessionCommand['data']> = {}): SessionCommand =>
  ({ type: 'ScheduleSession', data: { ...base, groupSizeLimit: 12, ...extra }, metadata: meta(now, ['admin']) }) as SessionCommand;
const scheduled: SessionScheduled = { type: 'SessionScheduled', data: { ...base, capacity: 12 } };
const cancel: SessionCommand = { type: 'CancelSession', data: { reason: 'holiday' }, metadata: meta(now, ['admin']) };

describe('session decider', () => {
  describe('not scheduled', () => {
    it('schedules a group at the tenant group size by default', () => {
      given(sessionDecider).when(schedule()).then([scheduled]);
    });
    it('refuses a session that ends before it starts', () => {
      given(sessionDecider).when(schedule({ endsAt: '2026-12-01T17:00:00-05:00' })).thenThrows('invalid', 'ends before it starts');
    });
    it('refuses a group larger than the tenant limit', () => {
      given(sessionDecider).when(schedule({ capacity: 13 })).thenThrows('invalid', 'limited to 12');
    });
    it('gives one-to-one sessions one seat and refuses more', () => {
      const events = given(sessionDecider).when(schedule({ type: 'individual-therapy' })).events();
      expect(events[0].type === 'SessionScheduled' && events[0].data.capacity).toBe(1);
      given(sessionDecider).when(schedule({ type: 'family-therapy', capacity: 4 })).thenThrows('invalid');
    });
    it('has a psychiatrist facilitate a psychiatric consultation', () => {
      given(sessionDecider).when(schedule({ type: 'psychiatric-consultation' })).thenThrows('invalid', 'psychiatrist');
    });
    it('needs a room or a virtual link for a one-off session', () => {
      given(sessionDecider).when(schedule({ room: undefined })).thenThrows('invalid', 'room or over a virtual link');
    });
    it("books a treatment plan's session without a room (the clinician's office or link is arranged outside)", () => {
      const events = given(sessionDecider).when(schedule({ type: 'individual-therapy', room: undefined, plan: { planId: 'plan-1', version: 2 } })).events();
      expect(events[0].data).toMatchObject({ capacity: 1, plan: { planId: 'plan-1', version: 2 } });
    });
    it('cannot cancel what does not exist', () => {
      given(sessionDecider).when(cancel).thenThrows('not-found');
    });
  });

  describe('scheduled', () => {
    it('is cancelled with a coded reason', () => {
      given(sessionDecider, [scheduled]).when(cancel).then([
        { type: 'SessionCancelled', data: { sessionId: 'sess-1', locationId: 'loc-1', reason: 'holiday', cancelledAt: now } },
      ]);
    });
  });

  describe('cancelled', () => {
    it('is not cancelled twice', () => {
      given(sessionDecider, [scheduled, { type: 'SessionCancelled', data: { sessionId: 'sess-1', locationId: 'loc-1', reason: 'holiday', cancelledAt: now } }])
        .when(cancel).thenThrows('conflict');
    });
  });
});
