import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { type CommandContext, Commands, EventStore } from '@iop/event-store';
import { inTransaction, PG_POOL, PROJECTOR_SETTING, withTenant } from '@iop/platform';
import { episodeDecider } from '../domain/episode/episode.decide';
import { episodeStream } from '../domain/episode/episode.state';

type OpenFollowUp = { tenant_id: string; follow_up_id: string; episode_id: string };

const OPEN_PAST_WINDOW = `SELECT tenant_id, follow_up_id, episode_id FROM outcome_follow_ups
  WHERE status = 'scheduled' AND window_end < $1::date ORDER BY window_end, follow_up_id LIMIT 500`;

/** Context of the periodic job: the service acts on the tenant's behalf. */
export const serviceContext = (tenantId: string, now = new Date().toISOString()): CommandContext => ({
  now, tenantId, actor: { subject: 'service:outcomes', roles: [] }, correlationId: randomUUID(),
});

/**
 * Appends FollowUpLost for every open follow-up whose window ended before `asOf`. The decider re-checks each one on
 * its stream, and the event id derives from the follow-up, so two replicas closing the same window append once.
 */
@Injectable()
export class FollowUpWindowCloser {
  constructor(
    @Inject(Commands) private readonly commands: Commands,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  /** One tenant (the admin endpoint) or, without `tenantId`, every tenant (the periodic job). */
  async close(asOf: string, tenantId: string | undefined, contextFor: (tenantId: string) => CommandContext): Promise<string[]> {
    const lost: string[] = [];
    for (;;) {
      const batch = await this.openPastWindow(asOf, tenantId);
      for (const row of batch) {
        const data = { episodeId: row.episode_id, followUpId: row.follow_up_id, asOf };
        const metadata = { ...contextFor(row.tenant_id), idempotencyKey: `follow-up-lost:${row.follow_up_id}` };
        const { events } = await this.commands.handle(metadata, episodeStream(row.episode_id), episodeDecider, { type: 'MarkFollowUpLost', data, metadata });
        if (events.length) lost.push(row.follow_up_id);
      }
      if (batch.length < 500) return lost;
    }
  }

  private async openPastWindow(asOf: string, tenantId?: string): Promise<OpenFollowUp[]> {
    const query = async (client: PoolClient) => (await client.query<OpenFollowUp>(OPEN_PAST_WINDOW, [asOf])).rows;
    if (tenantId) return withTenant(this.pool, tenantId, query);
    return inTransaction(this.pool, async (client) => {
      await client.query(PROJECTOR_SETTING); // the job reads every tenant's open follow-ups
      return query(client);
    });
  }
}
