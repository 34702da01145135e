import { given, type CommandMetadata } from '@iop/decider';
import { chartDecider, type ChartCommand } from './chart.decide';
import type { ChartEvent } from './chart.events';

const metadata: CommandMetadata = { now: '2026-03-20T18:00:00.000Z', tenantId: 't1', actor: { subject: 'alice', roles: ['clinician'] }, correlationId: 'c1' };
const admission = { episodeId: 'e1', patientId: 'p1', startDate: '2026-03-09', admittedAt: '2026-03-06T15:00:00.000Z' };
const opened: ChartEvent = { type: 'ChartOpened', data: admission };
const attendance = { episodeId: 'e1', patientId: 'p1', sessionId: 's1', sessionType: 'group-therapy' as const, status: 'present' as const, sessionStartsAt: '2026-03-10T22:00:00.000Z', recordedAt: '2026-03-10T23:35:00.000Z' };
const attended: ChartEvent = { type: 'SessionAttendanceNoted', data: attendance };
const closed: ChartEvent = { type: 'ChartClosed', data: { episodeId: 'e1', patientId: 'p1', reason: 'completed', dischargedAt: '2026-05-01T20:00:00.000Z' } };
const reassess = (ratings: unknown, criteriaEdition: unknown = 3): ChartCommand => ({
  type: 'RecordReassessment', data: { reassessmentId: 'r1', episodeId: 'e1', criteriaEdition, ratings, rationale: { d5: 'cravings after a family conflict' } }, metadata,
});
const ratings = { d1: 0, d2: 0, d3: 1, d4: 2, d5: 3, d6: 2 } as const;

describe('not heard of', () => {
  it('opens on admission', () => given(chartDecider).when({ type: 'OpenChart', data: admission, metadata }).then([opened]));
  it('keeps attendance that overtook the admission', () => given(chartDecider).when({ type: 'NoteAttendance', data: attendance, metadata }).then([attended]));
  it('refuses a reassessment: the episode is unknown here (404)', () => given(chartDecider).when(reassess(ratings)).thenThrows('not-found'));
  it('treats a discharge without admission as poison', () => given(chartDecider).when({ type: 'CloseChart', data: closed.data as never, metadata }).thenThrows('invalid'));
});

describe('open', () => {
  it('ignores a repeated admission', () => given(chartDecider, [opened]).when({ type: 'OpenChart', data: admission, metadata }).then([]));
  it('ignores the same attendance twice, takes a correction', () => {
    given(chartDecider, [opened, attended]).when({ type: 'NoteAttendance', data: attendance, metadata }).then([]);
    const corrected = { ...attendance, status: 'absent-excused' as const };
    given(chartDecider, [opened, attended]).when({ type: 'NoteAttendance', data: corrected, metadata }).then([{ type: 'SessionAttendanceNoted', data: corrected }]);
  });
  it('records a reassessment with ratings and rationale', () =>
    given(chartDecider, [opened]).when(reassess(ratings)).then([{
      type: 'ReassessmentRecorded',
      data: { reassessmentId: 'r1', episodeId: 'e1', patientId: 'p1', criteriaEdition: 3, ratings, rationale: { d5: 'cravings after a family conflict' }, recordedBy: 'alice', recordedAt: metadata.now },
    }]));
  it('refuses ratings out of range, naming each dimension', () => {
    let thrown: unknown;
    try {
      chartDecider.decide(reassess({ ...ratings, d2: 5, d6: -1 }), chartDecider.evolve(chartDecider.initialState(), opened));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({ kind: 'invalid', errors: [{ path: 'ratings.d2' }, { path: 'ratings.d6' }] });
  });
  it('refuses an unknown criteria edition', () => given(chartDecider, [opened]).when(reassess(ratings, 5)).thenThrows('invalid'));
  it('assigns the primary clinician once', () => {
    const assign: ChartCommand = { type: 'AssignPrimaryClinician', data: { episodeId: 'e1', clinician: 'alice' }, metadata };
    const assigned: ChartEvent = { type: 'PrimaryClinicianAssigned', data: { episodeId: 'e1', clinician: 'alice', assignedAt: metadata.now } };
    given(chartDecider, [opened]).when(assign).then([assigned]);
    given(chartDecider, [opened, assigned]).when(assign).then([]);
  });
  it('closes on discharge', () => given(chartDecider, [opened]).when({ type: 'CloseChart', data: closed.data as never, metadata }).then([closed]));
});

describe('closed', () => {
  it('ignores a repeated discharge', () => given(chartDecider, [opened, closed]).when({ type: 'CloseChart', data: closed.data as never, metadata }).then([]));
  it('refuses reassessments', () => given(chartDecider, [opened, closed]).when(reassess(ratings)).thenThrows('conflict', 'discharged'));
});
