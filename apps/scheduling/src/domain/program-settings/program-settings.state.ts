import { assertNever } from '@iop/decider';
import { DEFAULT_PROGRAM_SETTINGS, type ProgramSettings } from '../program/program-rules';
import type { ProgramSettingsEvent } from './program-settings.events';

export type ProgramSettingsState = { status: 'default' | 'customised' } & ProgramSettings;

export const initialState = (): ProgramSettingsState => ({ status: 'default', ...DEFAULT_PROGRAM_SETTINGS });

export function evolve(_state: ProgramSettingsState, event: ProgramSettingsEvent): ProgramSettingsState {
  switch (event.type) {
    case 'ProgramSettingsChanged': {
      const { groupSizeLimit, minHoursPerDay, minDaysPerWeek } = event.data;
      const alumniMissedSessionsLimit = event.data.alumniMissedSessionsLimit ?? DEFAULT_PROGRAM_SETTINGS.alumniMissedSessionsLimit;
      return { status: 'customised', groupSizeLimit, minHoursPerDay, minDaysPerWeek, alumniMissedSessionsLimit };
    }
    default:
      return assertNever(event as never);
  }
}
