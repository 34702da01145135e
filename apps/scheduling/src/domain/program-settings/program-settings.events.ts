/** A tenant's program policy (docs/DOMAIN.md section 6): group size and the hours rule, replaced as a whole. */
export type ProgramSettingsChanged = {
  type: 'ProgramSettingsChanged';
  data: { groupSizeLimit: number; minHoursPerDay: number; minDaysPerWeek: number; changedAt: string };
};

export type ProgramSettingsEvent = ProgramSettingsChanged;
