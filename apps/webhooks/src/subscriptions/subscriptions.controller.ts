import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import { ApiPageQueries, CurrentPrincipal, PG_POOL, type Principal, ProblemError, Roles } from '@iop/platform';
import { paging } from '../http/paging';
import { findSubscription, listSubscriptions, type SubscriptionView } from './subscriptions.query';

/** Integrators may read their tenant's subscriptions (never the secret) to find their delivery logs. */
@ApiTags('subscriptions')
@Controller('v1/subscriptions')
export class SubscriptionsController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  @Get()
  @Roles('admin', 'integrator')
  @ApiOperation({ summary: 'The tenant\'s subscriptions, oldest first (admin, integrator).' })
  @ApiPageQueries({ type: 'string', pattern: '^[0-9]{1,18}$' })
  list(@CurrentPrincipal() who: Principal, @Query('limit') limit?: string, @Query('cursor') cursor?: string) {
    const page = paging(limit, cursor);
    return listSubscriptions(this.pool, who.tenantId, page.limit, page.after);
  }

  @Get(':id')
  @Roles('admin', 'integrator')
  @ApiOperation({ summary: 'One subscription with its status and health; ETag carries its version (admin, integrator).' })
  async get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() who: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<SubscriptionView> {
    const view = await findSubscription(this.pool, who.tenantId, id);
    if (!view) throw new ProblemError(404, 'No such subscription.');
    void reply.header('etag', `"${view.version}"`);
    return view;
  }
}
