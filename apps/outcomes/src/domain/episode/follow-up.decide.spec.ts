import { given } from '@iop/decider';
import { episodeDecider as decider, type EpisodeCommand } from './episode.decide';
import type { EpisodeEvent } from './episode.events';
import { closed, EPISODE_ID, followUpIds, meta, opened, PATIENT_ID, scheduled } from './episode.fixtures';

const NOW = '2026-01-10T12:00:00Z';
const [first, second] = followUpIds;
const result = (followUpId: string, completedAt: string, measures: unknown[] = []): EpisodeCommand => ({
  type: 'RecordFollowUpResult',
  data: { episodeId: EPISODE_ID, followUpId, abstinent: true, completedAt, measures },
  metadata: meta(NOW, ['b0000000-0000-4000-8000-00000000000b']),
} as EpisodeCommand);
const lost = (followUpId: string, asOf: string): EpisodeCommand => ({ type: 'MarkFollowUpLost', data: { episodeId: EPISODE_ID, followUpId, asOf }, metadata: meta(NOW) });
const history: EpisodeEvent[] = [opened, closed, ...scheduled];
const completedFirst: EpisodeEvent = {
  type: 'FollowUpCompleted',
  data: {
    followUpId: first, episodeId: EPISODE_ID, patientId: PATIENT_ID, sequence: 1, offsetDays: 30, abstinent: true,
    completedAt: '2025-06-03T17:00:00-04:00', withinWindow: true, recordedBy: 'clinician-1',
  },
};

describe('a scheduled follow-up', () => {
  it('completes inside its window (window 2025-05-18..2025-06-15)', () => {
    given(decider, history).when(result(first, '2025-06-03T17:00:00-04:00')).then([completedFirst]);
  });

  it.each([
    ['the day before the window', '2025-05-17T12:00:00-04:00', false],
    ['the first day of the window', '2025-05-18T09:00:00-04:00', true],
    ['the last day, late evening local time', '2025-06-15T23:30:00-04:00', true],
    ['the day after the window', '2025-06-16T08:00:00-04:00', false],
  ])('records whether a contact on %s fell inside the window', (_, completedAt, withinWindow) => {
    expect(given(decider, history).when(result(first, completedAt)).events()[0].data).toMatchObject({ withinWindow });
  });

  it('scores measures taken at the follow-up and ties them to it', () => {
    const events = given(decider, history).when(result(first, '2025-06-03T17:00:00-04:00', [{ instrument: 'PHQ-9', answers: [0, 0, 0, 0, 0, 0, 0, 0, 2] }])).events();
    expect(events.map((e) => e.type)).toEqual(['FollowUpCompleted', 'MeasureRecorded', 'SafetyAlertRaised']);
    expect(events[1].data).toMatchObject({ followUpId: first, measureId: 'b0000000-0000-4000-8000-00000000000b', scores: { total: 2 } });
  });

  it.each([
    ['before the discharge', '2025-05-01T12:00:00-04:00'],
    ['in the future', '2026-02-01T12:00:00Z'],
  ])('refuses a contact %s', (_, completedAt) => given(decider, history).when(result(first, completedAt)).thenThrows('invalid'));

  it('refuses a follow-up the episode does not have', () => {
    given(decider, history).when(result('f0000000-0000-4000-8000-0000000000ff', '2025-06-03T17:00:00Z')).thenThrows('not-found');
  });

  it('is lost when its window ended before asOf, not on the window\'s last day', () => {
    given(decider, history).when(lost(first, '2025-06-15')).then([]);
    given(decider, history).when(lost(first, '2025-06-16')).then([{
      type: 'FollowUpLost', data: { followUpId: first, episodeId: EPISODE_ID, patientId: PATIENT_ID, sequence: 1, offsetDays: 30, lostAt: '2025-06-16T00:00:00Z' },
    }]);
  });
});

describe('a completed follow-up', () => {
  it('refuses a second result with a conflict', () => {
    given(decider, [...history, completedFirst]).when(result(first, '2025-06-05T10:00:00Z')).thenThrows('conflict', 'already');
  });

  it('is never marked lost', () => given(decider, [...history, completedFirst]).when(lost(first, '2026-01-01')).then([]));
});

describe('a lost follow-up', () => {
  const lostSecond: EpisodeEvent = {
    type: 'FollowUpLost', data: { followUpId: second, episodeId: EPISODE_ID, patientId: PATIENT_ID, sequence: 2, offsetDays: 90, lostAt: '2025-08-15T00:00:00Z' },
  };

  it('is not lost twice', () => given(decider, [...history, lostSecond]).when(lost(second, '2025-12-01')).then([]));

  it('still takes a late result, recorded as outside the window', () => {
    expect(given(decider, [...history, lostSecond]).when(result(second, '2025-09-01T10:00:00Z')).events()[0].data).toMatchObject({ withinWindow: false, sequence: 2 });
  });
});
