import { Controller, Get, Inject, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { ApiPageQueries, AuditLog, CurrentPrincipal, PG_POOL, type Principal, ProblemError, Roles } from '@iop/platform';
import { paging } from '../http/paging';
import { findSubscription } from '../subscriptions/subscriptions.query';
import { findMessage, listAttempts, listMessages, MESSAGE_STATUSES, type MessageStatus } from './delivery-log.query';

/** The delivery log: admins and the tenant's integrators read it; every other role gets 403. */
@ApiTags('delivery log')
@Controller('v1')
export class DeliveryLogController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  @Get('subscriptions/:id/messages')
  @Roles('admin', 'integrator')
  @ApiOperation({ summary: 'Messages of a subscription, newest first; ?status=exhausted lists those that ran out of retries (admin, integrator).' })
  @ApiQuery({ name: 'status', required: false, enum: MESSAGE_STATUSES })
  @ApiPageQueries({ type: 'string', pattern: '^[0-9]{1,18}$' })
  async messages(
    @Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() who: Principal,
    @Query('status') status?: string, @Query('limit') limit?: string, @Query('cursor') cursor?: string,
  ) {
    if (status !== undefined && !MESSAGE_STATUSES.includes(status as MessageStatus)) {
      throw new ProblemError(400, `status must be one of ${MESSAGE_STATUSES.join(', ')}.`);
    }
    const page = paging(limit, cursor);
    if (!(await findSubscription(this.pool, who.tenantId, id))) throw new ProblemError(404, 'No such subscription.');
    return listMessages(this.pool, who.tenantId, id, status as MessageStatus | undefined, page.limit, page.after);
  }

  @Get('messages/:id')
  @Roles('admin', 'integrator')
  @ApiOperation({ summary: 'One message with its (thin) payload and delivery state (admin, integrator; audited).' })
  async message(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() who: Principal) {
    const message = await findMessage(this.pool, who.tenantId, id);
    if (!message) throw new ProblemError(404, 'No such message.');
    const { patientId, ...view } = message;
    if (patientId) await this.audit.record({ actor: who, action: 'read', resource: `webhook-message/${id}`, patientId, purpose: 'operations' });
    return view;
  }

  @Get('messages/:id/attempts')
  @Roles('admin', 'integrator')
  @ApiOperation({ summary: 'Every attempt of a message: outcome, HTTP status, latency, the first KiB of the answer (admin, integrator).' })
  @ApiPageQueries({ type: 'string', pattern: '^[0-9]{1,18}$' })
  async attempts(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() who: Principal, @Query('limit') limit?: string, @Query('cursor') cursor?: string) {
    const page = paging(limit, cursor);
    if (!(await findMessage(this.pool, who.tenantId, id))) throw new ProblemError(404, 'No such message.');
    return listAttempts(this.pool, who.tenantId, id, page.limit, page.after);
  }
}
