import type { PoolClient } from 'pg';
import type { PublicEvent } from '@iop/domain-events';
import { keepEvent } from '../resources/resource-store';

/**
 * Every public event the facade applied, in the order it applied them, kept so the read model can be rebuilt from it
 * (POST /v1/admin/read-model/rebuild) after a mapping changes: the topics keep events 30 days only, and the services
 * do not republish. Written by each handler, with the inbox transaction's COMMIT: an event that fails (a resource not
 * there yet) rolls back with it and is kept when it is finally applied. The order is the one the events were kept in, not
 * quite the commits': a replay retries an event that comes before the one it needs (two transactions' race), as the
 * inbox would. A replay applies kept events again through the same handlers: keeping one twice is a no-op. A batch's
 * events are kept together, in one statement sent with the COMMIT.
 */
export async function keep(client: PoolClient, event: PublicEvent): Promise<void> {
  await keepEvent(client, event);
}
