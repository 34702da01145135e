import { type CommandMetadata, type Decider, invalid } from '@iop/decider';
import type { ProgramSettings } from '../program/program-rules';
import type { ProgramSettingsEvent } from './program-settings.events';
import { evolve, initialState, type ProgramSettingsState } from './program-settings.state';

export type ProgramSettingsCommand = { type: 'ChangeProgramSettings'; data: ProgramSettings; metadata: CommandMetadata };

/** A week cannot hold more than 24 hours a day on 7 days; changing nothing records nothing. */
export function decide(command: ProgramSettingsCommand, state: ProgramSettingsState): ProgramSettingsEvent[] {
  const { groupSizeLimit, minHoursPerDay, minDaysPerWeek, alumniMissedSessionsLimit } = command.data;
  if (minHoursPerDay > 24) throw invalid('A day has 24 hours.', [{ path: 'minHoursPerDay', message: 'must be at most 24' }]);
  const same = state.groupSizeLimit === groupSizeLimit && state.minHoursPerDay === minHoursPerDay && state.minDaysPerWeek === minDaysPerWeek
    && state.alumniMissedSessionsLimit === alumniMissedSessionsLimit;
  if (same) return [];
  return [{ type: 'ProgramSettingsChanged', data: { groupSizeLimit, minHoursPerDay, minDaysPerWeek, alumniMissedSessionsLimit, changedAt: command.metadata.now } }];
}

export const programSettingsDecider: Decider<ProgramSettingsCommand, ProgramSettingsEvent, ProgramSettingsState> = { decide, evolve, initialState };
