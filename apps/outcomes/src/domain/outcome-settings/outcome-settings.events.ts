import type { OutcomeSettings } from './outcome-settings.rules';

/** The whole policy each time: a change is reviewed and audited as one decision, not field by field. */
export type OutcomeSettingsChanged = { type: 'OutcomeSettingsChanged'; data: { settings: OutcomeSettings; changedBy: string } };

export type OutcomeSettingsEvent = OutcomeSettingsChanged;
