import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type CommandContext, Commands, deterministicId, EventStore } from '@iop/event-store';
import { endpointDisabledV1 } from '@iop/domain-events';
import { PROJECTOR_SETTING } from '@iop/platform';
import { fanOut } from '../consumers/fan-out';
import { subscriptionDecider, subscriptionStream } from '../domain/subscription/subscription.decide';
import { DueSignal } from './due-signal';

/**
 * The service's own decision to stop an endpoint (410 Gone, or failing for days). EndpointDisabled goes to Kafka
 * through the publisher, and, in the same transaction, to the tenant's other endpoints that subscribe to it (with
 * the id the publisher gives it), so the owner hears of it even if they only listen to webhooks.
 */
@Injectable()
export class EndpointDisabler {
  private readonly logger = new Logger('endpoint-disabler');

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(Commands) private readonly commands: Commands,
    @Inject(DueSignal) private readonly due: DueSignal,
  ) {}

  async disable(subscriptionId: string, tenantId: string, reason: 'gone' | 'failing'): Promise<void> {
    const ctx: CommandContext = { now: new Date().toISOString(), tenantId, actor: { subject: 'service:webhooks', roles: [] }, correlationId: randomUUID() };
    const seed = randomUUID();
    const disabled = await this.store.transaction(async (client) => {
      await client.query(PROJECTOR_SETTING);
      return this.commands.within(client, async (uow) => {
        const { events } = await uow.decide(subscriptionStream(subscriptionId), subscriptionDecider, { type: 'DisableEndpoint', data: { reason }, metadata: ctx }, { ...ctx, idempotencyKey: seed });
        if (events.length === 0) return false;
        const data = { subscriptionId, reason, disabledAt: ctx.now };
        const created = await fanOut({ id: deterministicId(seed, 0), type: endpointDisabledV1.type, time: ctx.now, tenantId, data }, uow.client);
        if (created > 0) this.due.afterRelease(uow.client);
        return true;
      });
    });
    if (disabled) this.logger.warn(`disabled the endpoint of subscription ${subscriptionId} (${reason})`);
  }
}
