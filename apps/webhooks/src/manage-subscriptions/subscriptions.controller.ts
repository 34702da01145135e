import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import { CurrentPrincipal, etagHeader, PageQuery, PG_POOL, type Principal, ProblemError, Roles } from '@iop/platform';
import { findSubscription, listSubscriptions, type SubscriptionView } from '../read-models/subscriptions.query';
import { SubscriptionPageDto, SubscriptionViewDto } from './subscription-view.dto';

/** Integrators may read their tenant's subscriptions (never the secret) to find their delivery logs. */
@ApiTags('subscriptions')
@Controller('v1/subscriptions')
export class SubscriptionsController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  @Get()
  @Roles('admin', 'integrator')
  @ApiOperation({ summary: 'The tenant\'s subscriptions, oldest first (admin, integrator).' })
  @ApiOkResponse({ type: SubscriptionPageDto })
  list(@CurrentPrincipal() who: Principal, @Query() q: PageQuery) {
    return listSubscriptions(this.pool, who.tenantId, q);
  }

  @Get(':id')
  @Roles('admin', 'integrator')
  @ApiOperation({ summary: 'One subscription with its status and health; ETag carries its version (admin, integrator).' })
  @ApiOkResponse({ type: SubscriptionViewDto, headers: etagHeader('subscription') })
  async get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() who: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<SubscriptionView> {
    const view = await findSubscription(this.pool, who.tenantId, id);
    if (!view) throw new ProblemError(404, 'No such subscription.');
    void reply.header('etag', `"${view.version}"`);
    return view;
  }
}
