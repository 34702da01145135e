import { assertNever } from '@iop/decider';
import type { OutcomeSettingsEvent } from './outcome-settings.events';
import { DEFAULT_OUTCOME_SETTINGS, type OutcomeSettings } from './outcome-settings.rules';

export type OutcomeSettingsState = { status: 'defaults'; settings: OutcomeSettings } | { status: 'configured'; settings: OutcomeSettings };

export const initialState = (): OutcomeSettingsState => ({ status: 'defaults', settings: DEFAULT_OUTCOME_SETTINGS });

export function evolve(state: OutcomeSettingsState, event: OutcomeSettingsEvent): OutcomeSettingsState {
  switch (event.type) {
    case 'OutcomeSettingsChanged':
      return { status: 'configured', settings: event.data.settings };
    default:
      return assertNever(event.type);
  }
}

/** One stream per tenant: the tenant id is the stream's own name. */
export const outcomeSettingsStream = (tenantId: string) => ({ id: `outcome-settings-${tenantId}`, type: 'outcome-settings' });
