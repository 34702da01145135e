import { given } from '@iop/decider';
import { episodeDecider, type EpisodeCommand } from './episode.decide';
import { admit, admitted, at, ids, metadata } from './episode.fixtures';

const cmd = (c: Omit<EpisodeCommand, 'metadata'>, now = metadata.now) => ({ ...c, metadata: at(now) }) as EpisodeCommand;
const episodeId = ids.episodeId;

describe('no episode yet', () => {
  it('the patient is admitted with a planned end 8 weeks after the start', () => given(episodeDecider).when(admit()).then([admitted]));

  it('the planned length follows the tenant setting', () => {
    const [event] = given(episodeDecider).when(admit({ plannedWeeks: 6 })).events();
    expect(event.type === 'PatientAdmitted' && event.data.plannedEndDate).toBe('2025-04-21');
  });

  it.each([['2026-03-08', 'within 1 year'], ['2025-02-30', 'real date'], ['2025-02-20', 'before the referral']])(
    'refuses the start date %s', (startDate, message) => {
      given(episodeDecider).when(admit({ startDate })).thenThrows('invalid', 'start date');
      expect(() => episodeDecider.decide(admit({ startDate }), episodeDecider.initialState())).toThrow(expect.objectContaining({ errors: [expect.objectContaining({ message: expect.stringContaining(message) })] }));
    },
  );

  it('an admission entered later keeps when it was decided', () => {
    const [event] = given(episodeDecider).when(admit({ admittedAt: '2025-03-04T10:00:00-05:00' })).events();
    expect(event.type === 'PatientAdmitted' && event.data.admittedAt).toBe('2025-03-04T10:00:00-05:00');
  });

  it('accepts a start exactly one year ahead', () => {
    expect(given(episodeDecider).when(admit({ startDate: '2026-03-07' })).events()).toHaveLength(1);
  });

  it('nothing else can happen to it', () => {
    given(episodeDecider).when(cmd({ type: 'ChangeLevelOfCare', data: { toLevel: '2.5', reason: 'x' } })).thenThrows('not-found', 'no such episode');
  });
});

describe('an active episode', () => {
  it('is not admitted twice', () => given(episodeDecider, [admitted]).when(admit()).thenThrows('conflict'));

  it('gets care team members by role, and loses them', () => {
    const assign = cmd({ type: 'AssignCareTeamMember', data: { staffId: 'dr-lee', role: 'psychiatrist' } });
    const assigned = { type: 'CareTeamMemberAssigned' as const, data: { episodeId, patientId: ids.patientId, staffId: 'dr-lee', role: 'psychiatrist' as const, assignedAt: metadata.now } };
    given(episodeDecider, [admitted]).when(assign).then([assigned]);
    given(episodeDecider, [admitted, assigned]).when(assign).thenThrows('conflict', 'already on the care team');
    given(episodeDecider, [admitted, assigned]).when(cmd({ type: 'UnassignCareTeamMember', data: { staffId: 'dr-lee' } })).then([
      { type: 'CareTeamMemberUnassigned', data: { episodeId, patientId: ids.patientId, staffId: 'dr-lee', unassignedAt: metadata.now } },
    ]);
    given(episodeDecider, [admitted]).when(cmd({ type: 'UnassignCareTeamMember', data: { staffId: 'dr-lee' } })).thenThrows('not-found');
  });

  it('changes level with a reason', () => {
    given(episodeDecider, [admitted]).when(cmd({ type: 'ChangeLevelOfCare', data: { toLevel: '2.5', reason: ' worsening D3 ' } })).then([
      { type: 'LevelOfCareChanged', data: { episodeId, patientId: ids.patientId, fromLevel: '2.1', toLevel: '2.5', reason: 'worsening D3', changedAt: metadata.now } },
    ]);
    given(episodeDecider, [admitted]).when(cmd({ type: 'ChangeLevelOfCare', data: { toLevel: '2.1', reason: 'x' } })).thenThrows('conflict', 'already at');
    given(episodeDecider, [admitted]).when(cmd({ type: 'ChangeLevelOfCare', data: { toLevel: '2.5', reason: '' } })).thenThrows('invalid');
    given(episodeDecider, [admitted]).when(cmd({ type: 'ChangeLevelOfCare', data: { toLevel: '9' as never, reason: 'x' } })).thenThrows('invalid');
  });

  it('goes on hold and resumes', () => {
    const held = { type: 'EpisodePutOnHold' as const, data: { episodeId, reason: 'hospitalised', heldAt: metadata.now } };
    given(episodeDecider, [admitted]).when(cmd({ type: 'PutEpisodeOnHold', data: { reason: 'hospitalised' } })).then([held]);
    given(episodeDecider, [admitted, held]).when(cmd({ type: 'PutEpisodeOnHold', data: { reason: 'again' } })).thenThrows('conflict');
    given(episodeDecider, [admitted, held]).when(cmd({ type: 'ResumeEpisode', data: {} })).then([{ type: 'EpisodeResumed', data: { episodeId, resumedAt: metadata.now } }]);
    given(episodeDecider, [admitted]).when(cmd({ type: 'ResumeEpisode', data: {} })).thenThrows('conflict', 'not on hold');
  });

  it('is cancelled only before it starts', () => {
    given(episodeDecider, [admitted]).when(cmd({ type: 'CancelEpisode', data: { reason: 'insurance denied' } })).then([
      { type: 'EpisodeCancelled', data: { episodeId, patientId: ids.patientId, reason: 'insurance denied', cancelledAt: metadata.now } },
    ]);
    given(episodeDecider, [admitted]).when(cmd({ type: 'CancelEpisode', data: { reason: 'x' } }, '2025-03-10T12:00:00Z')).thenThrows('conflict', 'discharge');
  });

  it('is "before it starts" on the clinic\'s calendar: at 8 pm in Chicago the day before, UTC has already turned', () => {
    const evening = '2025-03-10T01:00:00Z'; // 2025-03-09, 20:00 in Chicago; the program starts on 2025-03-10
    given(episodeDecider, [admitted]).when(cmd({ type: 'CancelEpisode', data: { reason: 'x', timezone: 'America/Chicago' } }, evening)).then([
      { type: 'EpisodeCancelled', data: { episodeId, patientId: ids.patientId, reason: 'x', cancelledAt: evening } },
    ]);
    given(episodeDecider, [admitted]).when(cmd({ type: 'CancelEpisode', data: { reason: 'x' } }, evening)).thenThrows('conflict', 'discharge');
    given(episodeDecider, [admitted]).when(cmd({ type: 'CancelEpisode', data: { reason: 'x', timezone: 'America/Chicago' } }, '2025-03-10T14:00:00Z')).thenThrows('conflict');
  });
});

describe('a cancelled episode', () => {
  const cancelled = { type: 'EpisodeCancelled' as const, data: { episodeId, reason: 'x', cancelledAt: metadata.now } };
  it('takes no more changes', () => {
    given(episodeDecider, [admitted, cancelled]).when(cmd({ type: 'PutEpisodeOnHold', data: { reason: 'x' } })).thenThrows('conflict', 'cancelled');
  });
});
