import { given, type CommandMetadata } from '@iop/decider';
import type { AttendanceStatus } from '@iop/domain-events';
import type { SessionBlock } from '../location/location.events';
import { planProgramWeek } from '../location/series-plan';
import { candidatesFor, EVENING, meta } from '../../testing/domain-fixtures';
import type { EnrollmentEvent } from './enrollment.events';
import { type EnrollmentCommand, enrollmentDecider } from './enrollment.decide';
import type { Enrollment } from './enrollment.state';
import { weeksShown } from './program-weeks';

const NY = 'America/New_York';
const rule = { minHoursPerDay: 3, minDaysPerWeek: 4 };
const clinician = meta('2026-11-05T03:00:00.000Z');

function enrolledAt(timezone: string, startDate: string, plannedEndDate: string, candidates = candidatesFor([EVENING], timezone, ['2026-10-26', '2026-11-02'])): EnrollmentEvent[] {
  const data = { episodeId: 'ep-1', patientId: 'pat-1', displayName: 'Alex R.', ageBand: '30-34', locationId: 'loc-1', track: 'evening' as const, timezone, startDate, plannedEndDate, rule, candidates };
  return enrollmentDecider.decide({ type: 'EnrollEpisode', data, metadata: clinician }, enrollmentDecider.initialState());
}
const attend = (sessionId: string, minutesAttended: number, status: AttendanceStatus = 'present', metadata: CommandMetadata = clinician): EnrollmentCommand =>
  ({ type: 'RecordAttendance', data: { sessionId, status, minutesAttended, taskId: `task-${sessionId}` }, metadata });
/** Runs commands one after another, as requests would, and returns the whole history. */
function run(history: EnrollmentEvent[], commands: EnrollmentCommand[]): EnrollmentEvent[] {
  return commands.reduce((events, c) => [...events, ...enrollmentDecider.decide(c, events.reduce(enrollmentDecider.evolve, enrollmentDecider.initialState()))], history);
}
const weekIds = (week: string, n = 8) => Array.from({ length: n }, (_, i) => `s-${week}-${i}`);
const ofType = <T extends EnrollmentEvent['type']>(events: EnrollmentEvent[], type: T) => events.filter((e) => e.type === type) as Extract<EnrollmentEvent, { type: T }>[];

describe('attendance (enrollment decider)', () => {
  const ny = enrolledAt(NY, '2026-10-26', '2026-11-09');

  describe('booked', () => {
    it('records attendance as the public contract needs it', () => {
      given(enrollmentDecider, ny).when(attend('s-2026-10-26-0', 90)).then([{ type: 'AttendanceRecorded', data: {
        sessionId: 's-2026-10-26-0', episodeId: 'ep-1', patientId: 'pat-1', locationId: 'loc-1', sessionType: 'group-therapy', status: 'present',
        minutesAttended: 90, sessionStartsAt: '2026-10-26T18:00:00-04:00', recordedAt: clinician.now } }]);
    });
    it('refuses more minutes than the session lasts, and minutes for an absence', () => {
      given(enrollmentDecider, ny).when(attend('s-2026-10-26-0', 91)).thenThrows('invalid', 'lasts 90 minutes');
      given(enrollmentDecider, ny).when(attend('s-2026-10-26-0', 10, 'absent-excused')).thenThrows('invalid');
    });
    it('refuses a session the episode is not booked on, or whose booking was cancelled', () => {
      given(enrollmentDecider, ny).when(attend('other-session', 30)).thenThrows('conflict', 'not booked');
      const released = run(ny, [{ type: 'ReleaseCancelledSession', data: { sessionId: 's-2026-10-26-0' }, metadata: clinician }]);
      given(enrollmentDecider, released).when(attend('s-2026-10-26-0', 30)).thenThrows('conflict', 'cancelled');
    });
    it('lets front desk record an arrival, not an absence', () => {
      const desk = meta(clinician.now, ['front-desk']);
      expect(given(enrollmentDecider, ny).when(attend('s-2026-10-26-0', 80, 'late', desk)).events()).toHaveLength(1);
      given(enrollmentDecider, ny).when(attend('s-2026-10-26-0', 0, 'absent-unexcused', desk)).thenThrows('forbidden');
    });
    it('opens one outreach task per no-show', () => {
      const events = run(ny, [attend('s-2026-10-26-0', 0, 'absent-unexcused'), attend('s-2026-10-26-0', 0, 'absent-unexcused')]);
      expect(ofType(events, 'OutreachTaskOpened').map((e) => e.data)).toEqual([
        { taskId: 'task-s-2026-10-26-0', episodeId: 'ep-1', patientId: 'pat-1', locationId: 'loc-1', sessionId: 's-2026-10-26-0', reason: 'no-show', openedAt: clinician.now },
      ]);
    });
  });

  describe('outreach follow-up', () => {
    const close = (taskId: string, outcome = 'reached') => ({ type: 'CloseOutreachTask' as const, data: { taskId, outcome }, metadata: clinician });
    it('closes a no-show\'s task once, with a coded outcome; an unknown task is not found', () => {
      const opened = run(ny, [attend('s-2026-10-26-0', 0, 'absent-unexcused')]);
      given(enrollmentDecider, [...ny, ...opened]).when(close('task-s-2026-10-26-0')).then([
        { type: 'OutreachTaskClosed', data: { taskId: 'task-s-2026-10-26-0', episodeId: 'ep-1', patientId: 'pat-1', sessionId: 's-2026-10-26-0', outcome: 'reached', closedAt: clinician.now } },
      ]);
      given(enrollmentDecider, [...ny, ...opened]).when(close('task-s-2026-10-26-0', 'chatted')).thenThrows('invalid', 'outcome');
      given(enrollmentDecider, [...ny, ...opened]).when(close('task-unknown')).thenThrows('not-found');
      const closed = run([...ny, ...opened], [close('task-s-2026-10-26-0')]);
      given(enrollmentDecider, [...ny, ...opened, ...closed]).when(close('task-s-2026-10-26-0', 'unreachable')).thenThrows('conflict', 'closed');
    });
  });

  describe('weeks', () => {
    it('closes a week when attendance arrives for a later week: 12 hours across the DST change, compliant', () => {
      const events = run(ny, [...weekIds('2026-10-26').map((id) => attend(id, 90)), attend('s-2026-11-02-0', 90)]);
      expect(ofType(events, 'WeekSummarized').map((e) => e.data)).toEqual([{
        episodeId: 'ep-1', patientId: 'pat-1', locationId: 'loc-1', weekStart: '2026-10-26', hoursAttended: 12, daysAttended: 4,
        daysWithMinimumHours: 4, compliant: true, rule, summarizedAt: clinician.now,
      }]);
      expect(ofType(events, 'AttendanceRuleBreached')).toEqual([]);
    });
    it('reports a short week as breaching the program rule and the ASAM minimum, once', () => {
      const short = run(ny, [attend('s-2026-10-26-0', 90), attend('s-2026-10-26-1', 90), attend('s-2026-11-02-0', 90)]);
      expect(ofType(short, 'AttendanceRuleBreached').map((e) => [e.data.rule, e.data.requiredHours, e.data.hoursAttended])).toEqual([
        ['program-hours', 12, 3], ['asam-minimum', 9, 3],
      ]);
      const corrected = run(short, [attend('s-2026-10-26-2', 60)]);
      expect(ofType(corrected, 'WeekSummarized').at(-1)!.data).toMatchObject({ weekStart: '2026-10-26', hoursAttended: 4 });
      expect(ofType(corrected, 'AttendanceRuleBreached')).toHaveLength(2);
    });
    it('closes every open week ending before a date, and holds a Thursday admission week to the days it offered', () => {
      const thursday = enrolledAt(NY, '2026-10-29', '2026-11-09', candidatesFor([EVENING], NY, ['2026-10-26', '2026-11-02']).slice(6));
      const events = run(thursday, [attend('s-2026-10-26-6', 90), attend('s-2026-10-26-7', 90), { type: 'CloseWeeks', data: { before: '2026-11-09' }, metadata: clinician }]);
      expect(ofType(events, 'WeekSummarized').map((e) => [e.data.weekStart, e.data.compliant, e.data.rule.minDaysPerWeek])).toEqual([
        ['2026-10-26', true, 1], ['2026-11-02', false, 4],
      ]);
      expect(run(events, [{ type: 'CloseWeeks', data: { before: '2026-11-09' }, metadata: clinician }])).toHaveLength(events.length);
    });
    it('lists a week closed ahead of the calendar (attendance recorded for a later week) on any day, and the week under way', () => {
      const stateOf = (events: EnrollmentEvent[]) => events.reduce(enrollmentDecider.evolve, enrollmentDecider.initialState()) as Enrollment;
      const ahead = run(ny, [attend('s-2026-10-26-0', 90), attend('s-2026-11-02-0', 90)]);
      // The Sunday before the program's first Monday: nothing is under way, but the first week is already summarized.
      expect(weeksShown(stateOf(ahead), '2026-10-25')).toEqual(['2026-10-26']);
      expect(weeksShown(stateOf(ny), '2026-10-25')).toEqual([]);
      expect(weeksShown(stateOf(ny), '2026-10-28')).toEqual(['2026-10-26']);
    });
    it('stops at the end of the plan: an episode past its planned end has no more weeks to close', () => {
      const events = run(ny, [{ type: 'CloseWeeks', data: { before: '2027-01-04' }, metadata: clinician }]);
      expect(ofType(events, 'WeekSummarized').map((e) => e.data.weekStart)).toEqual(['2026-10-26', '2026-11-02']);
    });
  });

  describe('daylight saving and other zones', () => {
    const sunday: SessionBlock = { track: 'evening', days: ['SUN'], start: '00:00', end: '03:00' };
    const sundayEpisode = (week: string) => {
      const candidates = planProgramWeek([sunday], 'evening', week, NY).map((p, i) => ({ sessionId: `sun-${i}`, type: p.type, startsAt: p.startsAt, endsAt: p.endsAt, seatsLeft: 1 }));
      return enrolledAt(NY, week, '2026-12-28', candidates);
    };
    it('counts the real hours of a local 00:00-03:00 on 2026-11-01 (4 h) and 2026-03-08 (2 h)', () => {
      const autumn = run(sundayEpisode('2026-10-26'), [attend('sun-0', 90), attend('sun-1', 150), { type: 'CloseWeeks', data: { before: '2026-11-02' }, metadata: clinician }]);
      expect(ofType(autumn, 'WeekSummarized')[0].data).toMatchObject({ weekStart: '2026-10-26', hoursAttended: 4, daysWithMinimumHours: 1 });
      const spring = sundayEpisode('2026-03-02');
      given(enrollmentDecider, spring).when(attend('sun-1', 31)).thenThrows('invalid', 'lasts 30 minutes');
      const springWeek = run(spring, [attend('sun-0', 90), attend('sun-1', 30), { type: 'CloseWeeks', data: { before: '2026-03-09' }, metadata: clinician }]);
      expect(ofType(springWeek, 'WeekSummarized')[0].data).toMatchObject({ weekStart: '2026-03-02', hoursAttended: 2, daysWithMinimumHours: 0 });
    });
    it('groups a Chicago evening by its local day although it straddles UTC midnight', () => {
      const chicago = enrolledAt('America/Chicago', '2026-10-26', '2026-11-09');
      const events = run(chicago, [...weekIds('2026-10-26').map((id) => attend(id, 90)), { type: 'CloseWeeks', data: { before: '2026-11-02' }, metadata: clinician }]);
      expect(ofType(events, 'AttendanceRecorded')[1].data.sessionStartsAt).toBe('2026-10-26T19:30:00-05:00');
      expect(ofType(events, 'WeekSummarized')[0].data).toMatchObject({ hoursAttended: 12, daysAttended: 4, daysWithMinimumHours: 4, compliant: true });
    });
  });
});
