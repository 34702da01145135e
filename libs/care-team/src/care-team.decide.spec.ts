import { given } from '@iop/decider';
import { careTeamChangedV1, type CareTeamChanged } from '@iop/domain-events';
import { careTeamDecider as decider, type CareTeamEvent, type NoteCareTeamChange } from './care-team.decide';

const meta = { now: '2026-12-06T10:00:00Z', tenantId: 't-1', actor: { subject: 'service:test', roles: [] }, correlationId: 'c-1' };
const change = (over: Partial<CareTeamChanged>): NoteCareTeamChange => ({ type: 'NoteCareTeamChange', data: { ...careTeamChangedV1.example, ...over }, metadata: meta });
const { episodeId, patientId, changedAt } = careTeamChangedV1.example;
const noted = (staffId: string, role?: CareTeamEvent['data']['role']): CareTeamEvent => ({
  type: 'CareTeamMemberNoted', data: { episodeId, patientId, staffId, change: role ? 'assigned' : 'unassigned', ...(role ? { role } : {}), changedAt },
});

describe('the care team copied from admissions', () => {
  it('notes a member assigned, copying only the contract\'s fields', () => {
    given(decider).when(change({ staffId: 'kim', change: 'assigned', role: 'nurse', displayName: 'Kim' } as Partial<CareTeamChanged>)).then([noted('kim', 'nurse')]);
  });

  it('notes a new role, and ignores the same role again', () => {
    given(decider, [noted('kim', 'nurse')]).when(change({ staffId: 'kim', change: 'assigned', role: 'psychiatrist' })).then([noted('kim', 'psychiatrist')]);
    given(decider, [noted('kim', 'nurse')]).when(change({ staffId: 'kim', change: 'assigned', role: 'nurse' })).then([]);
  });

  it('notes a member leaving, and ignores one who is not on the team', () => {
    given(decider, [noted('kim', 'nurse')]).when(change({ staffId: 'kim', change: 'unassigned', role: undefined })).then([noted('kim')]);
    given(decider, [noted('kim', 'nurse'), noted('kim')]).when(change({ staffId: 'kim', change: 'unassigned', role: undefined })).then([]);
    given(decider).when(change({ staffId: 'lee', change: 'unassigned', role: undefined })).then([]);
  });
});
