import { Controller, Get, Inject, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Pool } from 'pg';
import { type CommandContext, Ctx, EventStore } from '@iop/event-store';
import { AuditLog, CurrentPrincipal, PageQuery, PG_POOL, type Principal, ProblemError, Roles } from '@iop/platform';
import { recordReadDisclosure } from '../disclosure/read-disclosure';
import { findSubscription } from '../read-models/subscriptions.query';
import { findMessage, listAttempts, listMessages, MESSAGE_STATUSES, type MessageStatus } from './delivery-log.query';
import { DeliveryAttemptPageDto, MessageDto, MessagePageDto } from './delivery-log.dto';

export class MessagesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: MESSAGE_STATUSES })
  @IsOptional() @IsIn(MESSAGE_STATUSES)
  status?: string;
}

/** The delivery log: admins and the tenant's integrators read it; every other role gets 403. */
@ApiTags('delivery log')
@Controller('v1')
export class DeliveryLogController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(EventStore) private readonly store: EventStore,
  ) {}

  @Get('subscriptions/:id/messages')
  @Roles('admin', 'integrator')
  @ApiOperation({ summary: 'Messages of a subscription, newest first; ?status=exhausted lists those that ran out of retries (admin, integrator).' })
  @ApiOkResponse({ type: MessagePageDto })
  async messages(
    @Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() who: Principal, @Query() q: MessagesQuery,
  ) {
    const { status } = q;
    if (status !== undefined && !MESSAGE_STATUSES.includes(status as MessageStatus)) {
      throw new ProblemError(400, `status must be one of ${MESSAGE_STATUSES.join(', ')}.`);
    }
    if (!(await findSubscription(this.pool, who.tenantId, id))) throw new ProblemError(404, 'No such subscription.');
    return listMessages(this.pool, who.tenantId, id, status as MessageStatus | undefined, q);
  }

  @Get('messages/:id')
  @Roles('admin', 'integrator')
  @ApiOperation({
    summary: 'One message with its (thin) payload and delivery state (admin, integrator; audited).',
    description: 'A message about a patient shows its payload only once it was disclosed to the subscription\'s recipient and while a consent still covers it (`payload` is null otherwise, e.g. for a withheld message). An integrator\'s read of such a payload is itself a disclosure, recorded in the patient\'s accounting of disclosures.',
  })
  @ApiOkResponse({ type: MessageDto })
  async message(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() who: Principal, @Ctx() ctx: CommandContext) {
    const message = await findMessage(this.pool, who.tenantId, id);
    if (!message) throw new ProblemError(404, 'No such message.');
    const { disclosure, patientId, ...view } = message;
    if (patientId) await this.audit.record({ actor: who, action: 'read', resource: `webhook-message/${id}`, patientId, purpose: 'operations' });
    // Clinic staff reading their own outbox disclose nothing; the recipient's integrator receives the record again.
    if (disclosure && !who.roles.includes('admin')) await recordReadDisclosure(this.store, ctx, message, disclosure);
    return view;
  }

  @Get('messages/:id/attempts')
  @Roles('admin', 'integrator')
  @ApiOperation({ summary: 'Every attempt of a message: outcome, HTTP status, latency, the first KiB of the answer (admin, integrator).' })
  @ApiOkResponse({ type: DeliveryAttemptPageDto })
  async attempts(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() who: Principal, @Query() q: PageQuery) {
    if (!(await findMessage(this.pool, who.tenantId, id))) throw new ProblemError(404, 'No such message.');
    return listAttempts(this.pool, who.tenantId, id, q);
  }
}
