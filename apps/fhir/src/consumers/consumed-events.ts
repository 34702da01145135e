import type { PoolClient } from 'pg';
import type { PublicEvent } from '@iop/domain-events';
import { writeAtCommit } from '@iop/platform';

/**
 * Every public event the facade applied, in the order it applied them, kept so the read model can be rebuilt from it
 * (POST /v1/admin/read-model/rebuild) after a mapping changes: the topics keep events 30 days only, and the services
 * do not republish. Written by each handler, with the inbox transaction's COMMIT: an event that fails (a resource not
 * there yet) rolls back with it and is kept when it is finally applied. The order is the one the events were kept in, not
 * quite the commits': a replay retries an event that comes before the one it needs (two transactions' race), as the
 * inbox would. A replay applies kept events again through the same handlers: keeping one twice is a no-op.
 */
export async function keep(client: PoolClient, event: PublicEvent): Promise<void> {
  // Sent with the COMMIT (nothing in a consumer's transaction reads the kept events back): a round trip less per event.
  await writeAtCommit(client, 'INSERT INTO fhir_consumed_events (tenant_id, event_id, event) VALUES ($1, $2, $3) ON CONFLICT (event_id) DO NOTHING', [event.tenantId, event.id, JSON.stringify(event)]);
}
