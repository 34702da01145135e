import { validateEvent } from '@iop/domain-events';
import type { StoredEvent } from '@iop/event-store';
import { enrollmentDecider } from '../domain/enrollment/enrollment.decide';
import type { EnrollmentEvent } from '../domain/enrollment/enrollment.events';
import { candidatesFor, EVENING, meta } from '../testing/domain-fixtures';
import { schedulingPublicMapping } from './scheduling.publishing';

const ids = { episode: '7b0c5b9e-3f7a-4c1e-9a57-0d1f5e2b6a11', patient: '0f3a7c2d-8e4b-4f6a-b1c9-2d5e7f8a9b10', location: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9' };
const stored = (e: { type: string; data: object }): StoredEvent => ({
  ...e, id: 'id', schemaVersion: 1, metadata: { tenantId: 't', actor: { subject: 's' }, correlationId: 'c' }, streamId: 's', streamType: 't',
  streamVersion: 1, globalPosition: '1', transactionId: '1', recordedAt: new Date(),
});
const uuidCandidates = () => candidatesFor([EVENING], 'America/New_York', ['2026-10-26']).map((c, i) => ({ ...c, sessionId: `00000000-0000-4000-8000-00000000000${i}` }));

describe('scheduling public mapping', () => {
  it('maps an enrollment, attendance and a closed short week to valid public contracts, without the display name', () => {
    const data = { episodeId: ids.episode, patientId: ids.patient, displayName: 'Alex R.', ageBand: '30-34', locationId: ids.location, track: 'evening' as const,
      timezone: 'America/New_York', startDate: '2026-10-26', plannedEndDate: '2026-11-02', rule: { minHoursPerDay: 3, minDaysPerWeek: 4 }, candidates: uuidCandidates() };
    let events: EnrollmentEvent[] = enrollmentDecider.decide({ type: 'EnrollEpisode', data, metadata: meta('2026-10-20T10:00:00.000Z') }, enrollmentDecider.initialState());
    const state = events.reduce(enrollmentDecider.evolve, enrollmentDecider.initialState());
    events = [...events, ...enrollmentDecider.decide({ type: 'RecordAttendance', data: { sessionId: data.candidates[0].sessionId, status: 'present', minutesAttended: 60, taskId: ids.patient }, metadata: meta('2026-10-27T10:00:00.000Z') }, state)];
    const after = events.reduce(enrollmentDecider.evolve, enrollmentDecider.initialState());
    events = [...events, ...enrollmentDecider.decide({ type: 'CloseWeeks', data: { before: '2026-11-02' }, metadata: meta('2026-11-02T10:00:00.000Z') }, after)];
    const messages = events.flatMap((e) => schedulingPublicMapping(stored(e)));
    expect(messages.map((m) => m.contract.name)).toEqual(['EpisodeEnrolled', 'AttendanceRecorded', 'WeeklyAttendanceSummarized', 'AttendanceRuleBreached', 'AttendanceRuleBreached']);
    for (const m of messages) expect(validateEvent(m.contract.type, m.data)).toEqual({ ok: true });
    expect(JSON.stringify(messages)).not.toContain('Alex');
  });

  it('publishes a generated session without staff or room, and nothing for internal events', () => {
    const [m] = schedulingPublicMapping(stored({ type: 'SessionScheduled', data: {
      sessionId: ids.episode, locationId: ids.location, track: 'evening', type: 'group-therapy', startsAt: '2026-11-02T18:00:00-05:00', endsAt: '2026-11-02T19:30:00-05:00',
      facilitator: { role: 'counselor', staffId: 'staff-9' }, room: 'Room 4', capacity: 12, series: 'alumni', noCharge: true } }));
    expect(m.data).toEqual({ sessionId: ids.episode, locationId: ids.location, track: 'evening', type: 'group-therapy', startsAt: '2026-11-02T18:00:00-05:00',
      endsAt: '2026-11-02T19:30:00-05:00', facilitatorRole: 'counselor', capacity: 12, noCharge: true });
    expect(validateEvent(m.contract.type, m.data)).toEqual({ ok: true });
    expect(schedulingPublicMapping(stored({ type: 'OutreachTaskOpened', data: {} }))).toEqual([]);
  });
});
