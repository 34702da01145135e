import { given } from '@iop/decider';
import { candidatesFor, EVENING, meta } from '../../testing/domain-fixtures';
import type { EpisodeEnrolled } from './enrollment.events';
import { type EnrollmentCommand, enrollmentDecider } from './enrollment.decide';

const NY = 'America/New_York';
const now = '2026-10-20T15:00:00.000Z';
const rule = { minHoursPerDay: 3, minDaysPerWeek: 4 };
const patient = { episodeId: 'ep-1', patientId: 'pat-1', displayName: 'Alex R.', ageBand: '30-34', locationId: 'loc-1', track: 'evening' as const, timezone: NY };
const enrollCmd = (candidates = candidatesFor([EVENING], NY, ['2026-10-26', '2026-11-02'])): EnrollmentCommand => ({
  type: 'EnrollEpisode', data: { ...patient, startDate: '2026-10-26', plannedEndDate: '2026-11-09', rule, candidates }, metadata: meta(now, []),
});
const enrolled = enrollmentDecider.decide(enrollCmd(), enrollmentDecider.initialState())[0] as EpisodeEnrolled;
const individual = { sessionId: 'ind-1', type: 'individual-therapy' as const, startsAt: '2026-10-28T15:00:00-04:00', endsAt: '2026-10-28T16:00:00-04:00', seatsLeft: 1 };

describe('enrollment decider', () => {
  describe('not enrolled', () => {
    it('books every session of the track with a free seat: 12 planned hours a week', () => {
      expect(enrolled.data).toMatchObject({ weeklyHoursPlanned: 12, enrolledAt: now });
      expect(enrolled.data.waitlisted.sessionIds).toEqual([]);
      expect(enrolled.data.bookings.sessionIds).toHaveLength(16);
      // One kind of session (90 minutes of group therapy), named once for all 16.
      expect(enrolled.data.bookings.kinds).toEqual([{ type: 'group-therapy', minutes: 90 }]);
      expect(enrolled.data.bookings.kind).toEqual(Array(16).fill(0));
    });
    it('waitlists full groups instead of overbooking, and says what the plan then guarantees', () => {
      const candidates = candidatesFor([EVENING], NY, ['2026-10-26', '2026-11-02']).map((c, i) => ({ ...c, seatsLeft: i === 9 ? 0 : 3 }));
      const [event] = given(enrollmentDecider).when(enrollCmd(candidates)).events() as EpisodeEnrolled[];
      expect(event.data.waitlisted.sessionIds).toEqual(['s-2026-11-02-1']);
      expect(event.data.bookings.sessionIds).toHaveLength(15);
      expect(event.data.weeklyHoursPlanned).toBe(10.5);
    });
    it('refuses a booking, a discharge and nothing else without an enrollment', () => {
      given(enrollmentDecider).when({ type: 'BookSession', data: { candidate: individual, fromSeries: false }, metadata: meta(now) }).thenThrows('not-found');
      given(enrollmentDecider).when({ type: 'DischargeEpisode', data: { reason: 'completed', dischargedAt: now }, metadata: meta(now) }).thenThrows('not-found');
    });
    it('ignores the cancellation of an episode it never enrolled', () => {
      given(enrollmentDecider).when({ type: 'CancelEnrollment', data: { cancelledAt: now }, metadata: meta(now) }).then([]);
    });
  });

  describe('active', () => {
    it('ignores the same admission a second time', () => {
      given(enrollmentDecider, [enrolled]).when(enrollCmd()).then([]);
    });
    it('books an individual session on top', () => {
      given(enrollmentDecider, [enrolled]).when({ type: 'BookSession', data: { candidate: individual, fromSeries: false }, metadata: meta(now) }).then([
        { type: 'SessionBooked', data: { episodeId: 'ep-1', booking: { sessionId: 'ind-1', type: 'individual-therapy', startsAt: individual.startsAt, endsAt: individual.endsAt }, bookedAt: now } },
      ]);
    });
    it('refuses a full session, a group, and a time the patient is already booked', () => {
      const book = (candidate: typeof individual) => ({ type: 'BookSession' as const, data: { candidate, fromSeries: false }, metadata: meta(now) });
      given(enrollmentDecider, [enrolled]).when(book({ ...individual, seatsLeft: 0 })).thenThrows('conflict', 'full');
      given(enrollmentDecider, [enrolled]).when(book({ ...individual, type: 'group-therapy' } as never)).thenThrows('invalid');
      given(enrollmentDecider, [enrolled]).when(book({ ...individual, startsAt: '2026-10-28T18:30:00-04:00', endsAt: '2026-10-28T19:00:00-04:00' })).thenThrows('conflict', 'at that time');
    });
    it('cancels only the bookings after the discharge time', () => {
      const events = given(enrollmentDecider, [enrolled])
        .when({ type: 'DischargeEpisode', data: { reason: 'completed', dischargedAt: '2026-11-03T12:00:00Z' }, metadata: meta(now) })
        .events();
      expect(events[0]).toEqual({ type: 'EpisodeDischarged', data: { episodeId: 'ep-1', reason: 'completed', dischargedAt: '2026-11-03T12:00:00Z' } });
      expect(events[1].type === 'BookingsCancelled' && events[1].data.sessionIds).toEqual(enrolled.data.bookings.sessionIds.slice(10));
    });
    it('releases the seat of a cancelled session', () => {
      given(enrollmentDecider, [enrolled]).when({ type: 'ReleaseCancelledSession', data: { sessionId: 's-2026-10-26-0' }, metadata: meta(now) }).then([
        { type: 'BookingsCancelled', data: { episodeId: 'ep-1', sessionIds: ['s-2026-10-26-0'], waitlistSessionIds: [], reason: 'session-cancelled', cancelledAt: now } },
      ]);
    });
    it('follows a new curriculum: places on the replaced sessions go back, the new ones are booked, never a full one or over another booking', () => {
      // Wednesday 2026-10-28's second group is replaced by a SMART Recovery session; Thursday gets one at 19:30 too, but
      // the patient is booked on Thursday's second group still, and the one on Wednesday at 21:00 is full.
      const smart = (sessionId: string, startsAt: string, endsAt: string, seatsLeft = 4) => ({ sessionId, type: 'smart-recovery' as const, startsAt, endsAt, seatsLeft });
      const candidates = [
        smart('new-wed', '2026-10-28T19:30:00-04:00', '2026-10-28T21:00:00-04:00'),
        smart('new-thu', '2026-10-29T19:30:00-04:00', '2026-10-29T21:00:00-04:00'),
        smart('full', '2026-10-28T21:00:00-04:00', '2026-10-28T21:30:00-04:00', 0),
      ];
      const { seatsLeft: _s, ...booking } = candidates[0];
      given(enrollmentDecider, [enrolled]).when({ type: 'FollowCurriculum', data: { cancelled: ['s-2026-10-26-5', 'not-mine'], candidates }, metadata: meta(now) }).then([
        { type: 'BookingsCancelled', data: { episodeId: 'ep-1', sessionIds: ['s-2026-10-26-5'], waitlistSessionIds: [], reason: 'session-cancelled', cancelledAt: now } },
        { type: 'SessionBooked', data: { episodeId: 'ep-1', booking, bookedAt: now } },
      ]);
    });
    it('only gives places back once the episode has left the program', () => {
      const discharged = { type: 'EpisodeDischarged' as const, data: { episodeId: 'ep-1', reason: 'completed' as const, dischargedAt: '2026-10-27T12:00:00Z' } };
      const candidate = { sessionId: 'new', type: 'smart-recovery' as const, startsAt: '2026-10-28T19:30:00-04:00', endsAt: '2026-10-28T21:00:00-04:00', seatsLeft: 4 };
      given(enrollmentDecider, [enrolled, discharged]).when({ type: 'FollowCurriculum', data: { cancelled: ['s-2026-10-26-5'], candidates: [candidate] }, metadata: meta(now) }).then([
        { type: 'BookingsCancelled', data: { episodeId: 'ep-1', sessionIds: ['s-2026-10-26-5'], waitlistSessionIds: [], reason: 'session-cancelled', cancelledAt: now } },
      ]);
    });
    it('does not take alumni before discharge', () => {
      given(enrollmentDecider, [enrolled]).when({ type: 'JoinAlumni', data: { ...patient, candidates: [] }, metadata: meta(now) }).thenThrows('conflict');
    });
  });

  describe('cancelled', () => {
    const waitlistedToo = enrollmentDecider.decide(enrollCmd(candidatesFor([EVENING], NY, ['2026-10-26', '2026-11-02']).map((c, i) => ({ ...c, seatsLeft: i === 9 ? 0 : 3 }))), enrollmentDecider.initialState())[0] as EpisodeEnrolled;
    const cancel = (cancelledAt = now) => ({ type: 'CancelEnrollment' as const, data: { cancelledAt }, metadata: meta(now) });
    const cancelled = [waitlistedToo, { type: 'EnrollmentCancelled' as const, data: { episodeId: 'ep-1', cancelledAt: now } }];

    it('releases every seat and waitlist place that has not happened yet', () => {
      given(enrollmentDecider, [waitlistedToo]).when(cancel()).then([
        { type: 'EnrollmentCancelled', data: { episodeId: 'ep-1', cancelledAt: now } },
        {
          type: 'BookingsCancelled',
          data: { episodeId: 'ep-1', sessionIds: waitlistedToo.data.bookings.sessionIds, waitlistSessionIds: ['s-2026-11-02-1'], reason: 'episode-cancelled', cancelledAt: now },
        },
      ]);
    });
    it('keeps sessions already past on record', () => {
      const [, released] = given(enrollmentDecider, [enrolled]).when(cancel('2026-10-27T12:00:00Z')).events();
      expect(released.type === 'BookingsCancelled' && released.data.sessionIds).toEqual(enrolled.data.bookings.sessionIds.slice(2));
    });
    it('books, promotes and summarizes nothing, and ignores a second cancellation', () => {
      given(enrollmentDecider, cancelled).when(cancel()).then([]);
      given(enrollmentDecider, cancelled).when({ type: 'BookSession', data: { candidate: individual, fromSeries: false }, metadata: meta(now) }).thenThrows('conflict', 'cancelled');
      given(enrollmentDecider, cancelled).when({ type: 'PromoteFromWaitlist', data: { sessionId: 's-2026-11-02-1', seatsLeft: 1 }, metadata: meta(now) }).then([]);
      given(enrollmentDecider, cancelled).when({ type: 'CloseWeeks', data: { before: '2026-11-16' }, metadata: meta(now) }).then([]);
    });
  });

  describe('discharged', () => {
    const discharged = [enrolled, { type: 'EpisodeDischarged' as const, data: { episodeId: 'ep-1', reason: 'completed' as const, dischargedAt: '2026-11-09T12:00:00Z' } }];
    it('books nothing more and ignores a second discharge', () => {
      given(enrollmentDecider, discharged).when({ type: 'BookSession', data: { candidate: individual, fromSeries: false }, metadata: meta(now) }).thenThrows('conflict', 'discharged');
      given(enrollmentDecider, discharged).when({ type: 'DischargeEpisode', data: { reason: 'completed', dischargedAt: now }, metadata: meta(now) }).then([]);
    });
    it('joins the alumni track with no-charge sessions', () => {
      const alumni = { ...individual, sessionId: 'al-1', type: 'group-therapy' as const, noCharge: true as const };
      const [event] = given(enrollmentDecider, discharged).when({ type: 'JoinAlumni', data: { ...patient, candidates: [alumni] }, metadata: meta(now) }).events();
      expect(event).toMatchObject({ type: 'AlumniJoined', data: { bookings: [{ sessionId: 'al-1', noCharge: true }], waitlisted: [] } });
    });
  });
});
