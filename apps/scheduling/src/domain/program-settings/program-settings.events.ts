/**
 * A tenant's program policy (docs/DOMAIN.md section 6): group size, the hours rule and when alumni have stopped coming,
 * replaced as a whole. Events stored before `alumniMissedSessionsLimit` existed mean the default (4).
 */
export type ProgramSettingsChanged = {
  type: 'ProgramSettingsChanged';
  data: { groupSizeLimit: number; minHoursPerDay: number; minDaysPerWeek: number; alumniMissedSessionsLimit?: number; changedAt: string };
};

export type ProgramSettingsEvent = ProgramSettingsChanged;
