import { Inject, Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { Commands, EventStore, type CommandContext } from '@iop/event-store';
import { ProblemError } from '@iop/platform';
import { DUE_CHANNEL } from '../dispatcher/due-signal';
import { type SubscriptionCommand, type SubscriptionRequest, subscriptionDecider, subscriptionStream } from '../domain/subscription/subscription.decide';
import { findSubscription, type SubscriptionView } from '../read-models/subscriptions.query';

type Follow = (client: PoolClient, subscriptionId: string) => Promise<unknown>;

/**
 * Runs a subscription command, and with it (same transaction) what the command means for queued deliveries, then
 * reads the subscription back from its read model (updated in that transaction too).
 */
@Injectable()
export class SubscriptionCommands {
  constructor(@Inject(EventStore) private readonly store: EventStore, @Inject(Commands) private readonly commands: Commands) {}

  async run(subscriptionId: string, command: SubscriptionRequest, ctx: CommandContext, follow?: Follow): Promise<SubscriptionView | undefined> {
    const full = { ...command, metadata: ctx } as SubscriptionCommand;
    await this.commands.run(ctx, async (uow) => {
      await uow.decide(subscriptionStream(subscriptionId), subscriptionDecider, full, ctx);
      await follow?.(uow.client, subscriptionId);
    });
    return findSubscription(this.store.pool, ctx.tenantId, subscriptionId);
  }

  async view(subscriptionId: string, tenantId: string): Promise<SubscriptionView> {
    const view = await findSubscription(this.store.pool, tenantId, subscriptionId);
    if (!view) throw new ProblemError(404, 'No such subscription.');
    return view;
  }
}

/** Deliveries parked while the endpoint was paused or disabled go out again (NOTIFY: whichever replica is idle). */
export const unparkDeliveries: Follow = async (client, id) => {
  await client.query(`SELECT pg_notify('${DUE_CHANNEL}', '')`);
  return client.query(`UPDATE deliveries SET next_attempt_at = now(), status_reason = NULL WHERE subscription_id = $1 AND status = 'pending' AND next_attempt_at = 'infinity'`, [id]);
};

/** A deleted subscription sends nothing more; its log stays readable to the operators in the database. */
export const cancelDeliveries: Follow = (client, id) =>
  client.query(`UPDATE deliveries SET status = 'cancelled', status_reason = 'subscription deleted', updated_at = now() WHERE subscription_id = $1 AND status = 'pending'`, [id]);
