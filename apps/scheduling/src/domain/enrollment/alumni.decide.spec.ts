import { given } from '@iop/decider';
import { meta } from '../../testing/domain-fixtures';
import { planAlumniWeek } from '../location/series-plan';
import type { Candidate } from './enrollment-plan';
import type { AlumniJoined, AttendanceRecorded, EnrollmentEvent } from './enrollment.events';
import { type EnrollmentCommand, enrollmentDecider } from './enrollment.decide';

const NY = 'America/New_York';
const evening = { track: 'evening' as const, days: ['MON' as const, 'TUE' as const], start: '18:00', end: '21:00' };
const alumniGroup = (week: string, seatsLeft = 5): Candidate => {
  const [p] = planAlumniWeek([evening], 'evening', week, NY);
  return { sessionId: `a-${week}`, type: p.type, startsAt: p.startsAt, endsAt: p.endsAt, noCharge: true, seatsLeft };
};
const patient = { episodeId: 'ep-1', patientId: 'pat-1', displayName: 'Alex R.', locationId: 'loc-1', track: 'evening' as const, timezone: NY };
const joined: AlumniJoined = {
  type: 'AlumniJoined',
  data: { ...patient, bookings: [alumniGroup('2026-11-02'), alumniGroup('2026-11-09')].map(({ seatsLeft: _s, ...b }) => b), waitlisted: [], joinedAt: '2026-11-01T12:00:00.000Z' },
};
const extend = (now: string, weeks: string[], missedLimit = 4): EnrollmentCommand => ({
  type: 'ExtendAlumni', data: { candidates: weeks.map((w) => alumniGroup(w)), missedLimit }, metadata: meta(now, []),
});
const attended = (week: string, status: AttendanceRecorded['data']['status'] = 'present'): AttendanceRecorded => {
  const g = alumniGroup(week);
  return {
    type: 'AttendanceRecorded',
    data: { sessionId: g.sessionId, episodeId: 'ep-1', patientId: 'pat-1', locationId: 'loc-1', sessionType: g.type, status, minutesAttended: status === 'present' ? 90 : 0, sessionStartsAt: g.startsAt, recordedAt: g.endsAt },
  };
};
const booked = (weeks: string[]): EnrollmentEvent => ({
  type: 'AlumniWeekBooked', data: { episodeId: 'ep-1', bookings: weeks.map((w) => alumniGroup(w)).map(({ seatsLeft: _s, ...b }) => b), waitlisted: [], bookedAt: '2026-11-01T12:00:00.000Z' },
});

describe('alumni for as long as they come', () => {
  it('books the coming week\'s group not booked yet, one week at a time', () => {
    const now = '2026-11-10T12:00:00.000Z';
    const [event] = given(enrollmentDecider, [joined, attended('2026-11-02')]).when(extend(now, ['2026-11-09', '2026-11-16'])).events();
    const { seatsLeft: _s, ...next } = alumniGroup('2026-11-16');
    expect(event).toEqual({ type: 'AlumniWeekBooked', data: { episodeId: 'ep-1', bookings: [next], waitlisted: [], bookedAt: now } });
  });
  it('books nothing twice: the same week again changes nothing', () => {
    given(enrollmentDecider, [joined, booked(['2026-11-16'])]).when(extend('2026-11-10T12:00:00.000Z', ['2026-11-09', '2026-11-16'])).then([]);
  });
  it('waitlists a full alumni group rather than overbooking it', () => {
    const command = { ...extend('2026-11-10T12:00:00.000Z', []), data: { candidates: [alumniGroup('2026-11-16', 0)], missedLimit: 4 } } as EnrollmentCommand;
    const [event] = given(enrollmentDecider, [joined]).when(command).events();
    expect(event).toMatchObject({ type: 'AlumniWeekBooked', data: { bookings: [], waitlisted: [{ sessionId: 'a-2026-11-16' }] } });
  });
  it('stops an alumnus who missed the configured number of sessions in a row, releasing the seats ahead', () => {
    const weeks = ['2026-11-16', '2026-11-23'];
    const now = '2026-11-24T12:00:00.000Z';
    // 11-02 attended; 11-09 absent, 11-16 and 11-23 not recorded: three in a row.
    const past = [joined, booked(weeks), booked(['2026-11-30']), attended('2026-11-02'), attended('2026-11-09', 'absent-unexcused')];
    given(enrollmentDecider, past).when(extend(now, ['2026-11-23', '2026-11-30'], 4)).then([]);
    given(enrollmentDecider, past).when(extend(now, ['2026-11-23', '2026-11-30'], 3)).then([
      { type: 'AlumniLeft', data: { episodeId: 'ep-1', reason: 'stopped-coming', missedInARow: 3, leftAt: now } },
      { type: 'BookingsCancelled', data: { episodeId: 'ep-1', sessionIds: ['a-2026-11-30'], waitlistSessionIds: [], reason: 'alumni-left', cancelledAt: now } },
    ]);
  });
  it('counts from the last session they came to', () => {
    const now = '2026-11-24T12:00:00.000Z';
    const past = [joined, booked(['2026-11-16', '2026-11-23']), attended('2026-11-02', 'absent-excused'), attended('2026-11-09', 'absent-excused'), attended('2026-11-16', 'late')];
    given(enrollmentDecider, past).when(extend(now, [], 2)).then([]);
  });
  it('ends when they leave; leaving again changes nothing; an alumnus who left is booked no more', () => {
    const now = '2026-11-03T12:00:00.000Z';
    const [left, released] = given(enrollmentDecider, [joined]).when({ type: 'LeaveAlumni', data: { leftAt: now }, metadata: meta(now) }).events();
    expect(left).toEqual({ type: 'AlumniLeft', data: { episodeId: 'ep-1', reason: 'left', leftAt: now } });
    expect(released).toMatchObject({ type: 'BookingsCancelled', data: { sessionIds: ['a-2026-11-09'], reason: 'alumni-left' } });
    given(enrollmentDecider, [joined, left, released]).when({ type: 'LeaveAlumni', data: { leftAt: now }, metadata: meta(now) }).then([]);
    given(enrollmentDecider, [joined, left, released]).when(extend(now, ['2026-11-16'])).then([]);
  });
  it('cannot leave the alumni program before joining it; may join again after leaving', () => {
    given(enrollmentDecider).when({ type: 'LeaveAlumni', data: { leftAt: '2026-11-03T12:00:00.000Z' }, metadata: meta('2026-11-03T12:00:00.000Z') }).thenThrows('not-found');
    const rejoin: EnrollmentEvent[] = [joined, { type: 'AlumniLeft', data: { episodeId: 'ep-1', reason: 'left', leftAt: '2026-11-03T12:00:00.000Z' } }];
    // Once left, they may join again (a new AlumniEnrolled).
    const [again] = given(enrollmentDecider, rejoin).when({ type: 'JoinAlumni', data: { ...patient, candidates: [alumniGroup('2026-11-16')] }, metadata: meta('2026-11-10T12:00:00.000Z') }).events();
    expect(again).toMatchObject({ type: 'AlumniJoined' });
  });
});
