import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { CurrentPrincipal, PG_POOL, type Principal, ProblemError, Roles, withTenant } from '@iop/platform';
import { DUE_CHANNEL, DueSignal } from '../dispatcher/due-signal';
import { ReplayDto } from '../manage-subscriptions/subscription.dto';
import { findSubscription } from '../read-models/subscriptions.query';
import { MessageResentDto, ReplayStartedDto } from './delivery-log.dto';

/** A new round: a fresh retry schedule, and a new disclosure when it goes out (the consent is checked again). */
const NEW_ROUND = `status = 'pending', status_reason = $2, next_attempt_at = now(), schedule_step = 0, round = round + 1,
  disclosed = false, claim_id = NULL, leased_until = NULL, updated_at = now()`;

@ApiTags('delivery log')
@Controller('v1')
export class RedeliveryController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(DueSignal) private readonly due: DueSignal,
  ) {}

  @Post('messages/:id/resend')
  @HttpCode(202)
  @Roles('admin')
  @ApiOperation({ summary: 'Sends a message again now, with a fresh retry schedule (admin). Withheld messages are checked against consent again.' })
  @ApiAcceptedResponse({ type: MessageResentDto })
  async resend(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() who: Principal): Promise<{ messageId: string; status: 'pending' }> {
    const updated = await withTenant(this.pool, who.tenantId, async (client) => {
      const res = await client.query(`UPDATE deliveries SET ${NEW_ROUND} WHERE message_id = $1 AND status <> 'cancelled'`, [id, 'resent']);
      if (res.rowCount) await client.query(`SELECT pg_notify('${DUE_CHANNEL}', '')`);
      return res.rowCount;
    });
    if (!updated) throw new ProblemError(404, 'No such message (or its subscription was deleted).');
    this.due.fire();
    return { messageId: id, status: 'pending' };
  }

  @Post('subscriptions/:id/replay')
  @HttpCode(202)
  @Roles('admin')
  @ApiOperation({
    summary: 'Sends every message since a time again (admin), and creates the ones the endpoint missed (events received since then that ' +
      'match its filter, e.g. while it was paused).',
  })
  @ApiAcceptedResponse({ type: ReplayStartedDto })
  async replay(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: ReplayDto, @CurrentPrincipal() who: Principal): Promise<{ requeued: number; created: number }> {
    const subscription = await findSubscription(this.pool, who.tenantId, id);
    if (!subscription) throw new ProblemError(404, 'No such subscription.');
    const counts = await withTenant(this.pool, who.tenantId, async (client) => {
      const requeued = await client.query(
        `UPDATE deliveries SET ${NEW_ROUND} WHERE subscription_id = $1 AND created_at >= $3 AND status IN ('delivered', 'exhausted', 'withheld')`,
        [id, 'replayed', dto.since],
      );
      const created = await client.query(
        `INSERT INTO deliveries (message_id, tenant_id, subscription_id, event_id, event_type, status_reason)
         SELECT gen_random_uuid(), e.tenant_id, $1, e.event_id, e.event_type, 'replayed' FROM inbound_events e
         WHERE e.tenant_id = $2 AND e.received_at >= $3 AND webhooks_type_matches($4, e.event_type)
         ON CONFLICT (subscription_id, event_id) DO NOTHING`,
        [id, who.tenantId, dto.since, subscription.eventTypes],
      );
      await client.query(`SELECT pg_notify('${DUE_CHANNEL}', '')`);
      return { requeued: requeued.rowCount ?? 0, created: created.rowCount ?? 0 };
    });
    this.due.fire();
    return counts;
  }
}
