import type { PoolClient } from 'pg';
import { type EventStore, loadStream } from '@iop/event-store';
import type { OutcomeSettings } from '../domain/outcome-settings/outcome-settings.rules';
import { evolve, initialState, outcomeSettingsStream } from '../domain/outcome-settings/outcome-settings.state';

/** The tenant's policy folded from its stream (defaults until an admin saves one); `client` joins a consumer's transaction. */
export async function loadOutcomeSettings(store: EventStore, tenantId: string, client?: PoolClient): Promise<OutcomeSettings> {
  return (await loadStream(store, outcomeSettingsStream(tenantId), { evolve, initialState }, tenantId, client)).state.settings;
}
