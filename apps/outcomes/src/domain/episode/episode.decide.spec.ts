import { given } from '@iop/decider';
import { weeklyAttendanceSummarizedV1, attendanceRecordedV1, episodeCancelledV1 } from '@iop/domain-events';
import { DEFAULT_OUTCOME_SETTINGS } from '../outcome-settings/outcome-settings.rules';
import { episodeDecider as decider, type EpisodeCommand } from './episode.decide';
import { admitted, closed, discharged, EPISODE_ID, followUpIds, meta, opened, PATIENT_ID, scheduled } from './episode.fixtures';

const open: EpisodeCommand = { type: 'OpenEpisode', data: { ...admitted, dateOfBirth: '1991-02-03' } as typeof admitted, metadata: meta() };
const close: EpisodeCommand = {
  type: 'CloseEpisode', data: { discharged, followUps: DEFAULT_OUTCOME_SETTINGS.followUps }, metadata: meta('2025-05-03T00:31:00Z', followUpIds),
};
const cancel: EpisodeCommand = { type: 'CancelEpisode', data: { ...episodeCancelledV1.example, cancelledAt: '2025-03-08T11:20:00-05:00' }, metadata: meta() };
const cancelled = { type: 'EpisodeCancelled' as const, data: { episodeId: EPISODE_ID, patientId: PATIENT_ID, cancelledAt: '2025-03-08T11:20:00-05:00' } };
const week = (weekStart: string): EpisodeCommand => ({
  type: 'NoteAttendanceWeek', data: { ...weeklyAttendanceSummarizedV1.example, weekStart, episodeId: EPISODE_ID }, metadata: meta(),
});

describe('an episode outcomes has not heard of', () => {
  it('opens on PatientAdmitted, copying neither the name nor fields it does not know', () => {
    given(decider).when(open).then([opened]);
    const [event] = given(decider).when(open).events();
    expect(JSON.stringify(event)).not.toMatch(/displayName|Alex R\.|dateOfBirth|1991-02-03/);
  });

  it('ignores the cancellation of an episode it never opened', () => given(decider).when(cancel).then([]));

  it.each([
    ['a discharge', close],
    ['a week of attendance', week('2025-03-10')],
    ['a measure', { type: 'RecordMeasure', data: { episodeId: EPISODE_ID, measureId: 'm', instrument: 'GAD-7', answers: [0, 0, 0, 0, 0, 0, 0] }, metadata: meta() } as EpisodeCommand],
  ])('refuses %s with not-found', (_, command) => {
    given(decider).when(command).thenThrows('not-found', 'knows no episode');
  });
});

describe('an active episode', () => {
  it('ignores a re-sent admission', () => given(decider, [opened]).when(open).then([]));

  it.each([
    ['2025-03-10', 1],
    ['2025-03-17', 2],
    ['2025-03-31', 4],
  ])('numbers the week of %s as program week %i', (weekStart, programWeek) => {
    const [event] = given(decider, [opened]).when(week(weekStart)).events();
    expect(event).toMatchObject({ type: 'AttendanceWeekNoted', data: { weekStart, programWeek, patientId: PATIENT_ID, compliant: true } });
  });

  it('refuses a week before the episode started', () => given(decider, [opened]).when(week('2025-03-03')).thenThrows('invalid'));

  it('notes a session on the clinic\'s calendar day, not UTC\'s', () => {
    const data = { ...attendanceRecordedV1.example, episodeId: EPISODE_ID, sessionStartsAt: '2025-03-12T20:30:00-04:00' };
    const [event] = given(decider, [opened]).when({ type: 'NoteSessionAttendance', data, metadata: meta() }).events();
    expect(event.data).toMatchObject({ sessionDate: '2025-03-12', status: 'present', minutesAttended: 90 });
  });

  it('closes on discharge and schedules the follow-ups at 30, 90 and 180 days, 14 days either side', () => {
    given(decider, [opened]).when(close).then([closed, ...scheduled]);
  });

  it('schedules follow-ups at the tenant\'s own offsets and windows', () => {
    const followUps = { offsetsDays: [7, 60], windowDays: 10 };
    const events = given(decider, [opened]).when({ ...close, data: { discharged, followUps } } as EpisodeCommand).events();
    expect(events.slice(1).map((e) => e.data)).toEqual([
      expect.objectContaining({ sequence: 1, offsetDays: 7, dueDate: '2025-05-09', windowStart: '2025-05-03', windowEnd: '2025-05-19' }),
      expect.objectContaining({ sequence: 2, offsetDays: 60, dueDate: '2025-07-01', windowStart: '2025-06-21', windowEnd: '2025-07-11' }),
    ]);
  });
});

describe('a discharged episode', () => {
  it('ignores a re-sent discharge', () => given(decider, [opened, closed, ...scheduled]).when(close).then([]));

  // Discharged 2025-05-02 at 20:30 New York time.
  const attendedAt = (sessionStartsAt: string): EpisodeCommand =>
    ({ type: 'NoteSessionAttendance', data: { ...attendanceRecordedV1.example, episodeId: EPISODE_ID, sessionStartsAt }, metadata: meta('2025-05-09T10:00:00Z') });
  it('notes a session begun after the discharge as an alumni session', () => {
    const [event] = given(decider, [opened, closed, ...scheduled]).when(attendedAt('2025-05-08T18:00:00-04:00')).events();
    expect(event.data).toMatchObject({ sessionDate: '2025-05-08', alumni: true });
  });
  it('notes a program session recorded after the discharge as a program session, not an alumni one', () => {
    const [event] = given(decider, [opened, closed, ...scheduled]).when(attendedAt('2025-05-02T18:00:00-04:00')).events();
    expect(event.data).toMatchObject({ sessionDate: '2025-05-02', alumni: false });
  });
});

describe('a cancelled episode', () => {
  it('is cancelled from active, once', () => {
    given(decider, [opened]).when(cancel).then([cancelled]);
    given(decider, [opened, cancelled]).when(cancel).then([]);
  });

  it('schedules no follow-ups and ignores a re-sent admission', () => {
    given(decider, [opened, cancelled]).when(close).then([]);
    given(decider, [opened, cancelled]).when(open).then([]);
  });

  it('records no measure', () => {
    const measure = { type: 'RecordMeasure', data: { episodeId: EPISODE_ID, measureId: 'm', instrument: 'GAD-7', answers: [0, 0, 0, 0, 0, 0, 0] }, metadata: meta() } as EpisodeCommand;
    given(decider, [opened, cancelled]).when(measure).thenThrows('conflict', 'cancelled');
  });
});

describe('safety alert timings', () => {
  const timed = (at: string): EpisodeCommand => ({
    type: 'NoteSafetyAlertTimed', data: { episodeId: EPISODE_ID, signal: 'crisis-high-risk', stage: 'acknowledged', openedAt: '2025-03-12T22:00:00Z', at }, metadata: meta(),
  });
  it('notes the minutes from opening, to a tenth', () => given(decider, [opened]).when(timed('2025-03-12T22:12:30Z')).then([{
    type: 'SafetyAlertTimed', data: { episodeId: EPISODE_ID, patientId: PATIENT_ID, signal: 'crisis-high-risk', stage: 'acknowledged', minutesFromOpening: 12.5 },
  }]));
  it('never negative when the clocks disagree', () => expect(decider.decide(timed('2025-03-12T21:59:59Z'), decider.evolve(decider.initialState(), opened))[0].data).toMatchObject({ minutesFromOpening: 0 }));
  it('waits for the admission (404, retried by the inbox)', () => given(decider).when(timed('2025-03-12T22:12:30Z')).thenThrows('not-found'));
});
