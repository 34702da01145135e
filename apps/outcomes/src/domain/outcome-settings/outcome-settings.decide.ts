import { type CommandMetadata, type Decider, invalid } from '@iop/decider';
import type { OutcomeSettingsEvent } from './outcome-settings.events';
import { outcomeSettingsErrors, type OutcomeSettings } from './outcome-settings.rules';
import { evolve, initialState, type OutcomeSettingsState } from './outcome-settings.state';

export type ChangeOutcomeSettings = { type: 'ChangeOutcomeSettings'; data: { settings: OutcomeSettings }; metadata: CommandMetadata };
export type OutcomeSettingsCommand = ChangeOutcomeSettings;

export function decide(command: OutcomeSettingsCommand, state: OutcomeSettingsState): OutcomeSettingsEvent[] {
  const errors = outcomeSettingsErrors(command.data.settings);
  if (errors.length) throw invalid('The settings contradict each other.', errors, 'validation');
  // Saving the same policy again records nothing: the history shows only real changes.
  if (JSON.stringify(state.settings) === JSON.stringify(command.data.settings) && state.status === 'configured') return [];
  return [{ type: 'OutcomeSettingsChanged', data: { settings: command.data.settings, changedBy: command.metadata.actor.subject } }];
}

export const outcomeSettingsDecider: Decider<OutcomeSettingsCommand, OutcomeSettingsEvent, OutcomeSettingsState> = { decide, evolve, initialState };
