import type { PoolClient } from 'pg';
import { type EventStore, toDomain } from '@iop/event-store';
import type { OutcomeSettingsEvent } from './outcome-settings.events';
import type { OutcomeSettings } from './outcome-settings.rules';
import { evolve, initialState, outcomeSettingsStream } from './outcome-settings.state';

/** The tenant's policy folded from its stream (defaults until an admin saves one); `client` joins a consumer's transaction. */
export async function loadOutcomeSettings(store: EventStore, tenantId: string, client?: PoolClient): Promise<OutcomeSettings> {
  const history = await store.readStream(outcomeSettingsStream(tenantId).id, { client });
  return history.map((e) => toDomain<OutcomeSettingsEvent>(e)).reduce(evolve, initialState()).settings;
}
