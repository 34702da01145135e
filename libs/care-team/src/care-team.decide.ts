import type { CommandMetadata, Decider } from '@iop/decider';
import type { CareTeamChanged, CareTeamRole } from '@iop/domain-events';

/**
 * The episode's care team as admissions keeps it (CareTeamChanged), copied into the store of a service that shows a
 * clinician their own patients' work (outcomes' measures due, scheduling's outreach tasks), so that the read model it
 * filters by is rebuilt from that store alone. A stream of its own (`care-team-<episodeId>`): who is on the team
 * decides nothing about the episode's record. Staff are token subjects, never names.
 */
export type CareTeamMemberNoted = {
  type: 'CareTeamMemberNoted';
  data: { episodeId: string; patientId: string; staffId: string; change: 'assigned' | 'unassigned'; role?: CareTeamRole; changedAt: string };
};

export type CareTeamEvent = CareTeamMemberNoted;

export type NoteCareTeamChange = { type: 'NoteCareTeamChange'; data: CareTeamChanged; metadata: CommandMetadata };

/** The current members and their roles. */
export type CareTeamState = { members: Readonly<Record<string, CareTeamRole>> };

const initialState = (): CareTeamState => ({ members: {} });

function evolve(state: CareTeamState, { data }: CareTeamEvent): CareTeamState {
  const members = { ...state.members };
  if (data.change === 'assigned' && data.role) members[data.staffId] = data.role;
  else delete members[data.staffId];
  return { members };
}

/**
 * Fields picked one by one. A change that changes nothing (the same role again; a member who is not on the team
 * leaving, e.g. one assigned before admissions published care-team changes) is not recorded.
 */
function decide({ data: c }: NoteCareTeamChange, state: CareTeamState): CareTeamEvent[] {
  const current = state.members[c.staffId];
  if (c.change === 'assigned' ? current === c.role || !c.role : current === undefined) return [];
  return [{
    type: 'CareTeamMemberNoted',
    data: {
      episodeId: c.episodeId, patientId: c.patientId, staffId: c.staffId, change: c.change,
      ...(c.change === 'assigned' ? { role: c.role } : {}), changedAt: c.changedAt,
    },
  }];
}

export const careTeamDecider: Decider<NoteCareTeamChange, CareTeamEvent, CareTeamState> = { decide, evolve, initialState };

/** A service's copy of the episode's care team (the id admissions issued), in that service's own store. */
export const careTeamStream = (episodeId: string) => ({ id: `care-team-${episodeId}`, type: 'care-team' });
