import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import { notFound } from '@iop/decider';
import { EventStore } from '@iop/event-store';
import { AuditLog, CurrentPrincipal, etagOf, PageQuery, PG_POOL, type Principal, Roles, withTenant } from '@iop/platform';
import { CARE_STAFF } from '../shared/access';
import { auditPatients } from '../shared/audit';
import { streams } from '../shared/streams';
import { findReferral, listReferrals } from './referral.queries';

const STATUSES = ['open', 'waitlisted', 'declined', 'withdrawn', 'admitted'] as const;

export class ReferralListQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: STATUSES }) @IsOptional() @IsIn(STATUSES)
  status?: (typeof STATUSES)[number];
}

@ApiTags('referrals')
@Controller('v1')
export class ReferralQueriesController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool, @Inject(AuditLog) private readonly audit: AuditLog, @Inject(EventStore) private readonly store: EventStore,
  ) {}

  @Get('referrals') @Roles(...CARE_STAFF)
  @ApiOperation({ summary: 'Referrals, oldest first (?status=&limit=&cursor=).' })
  @ApiOkResponse({ description: '{ items, nextCursor }' })
  list(@Query() q: ReferralListQueryDto, @CurrentPrincipal() who: Principal) {
    return withTenant(this.pool, who.tenantId, async (client) => {
      const page = await listReferrals(client, who.tenantId, { status: q.status }, q);
      await auditPatients(this.audit, client, who, 'list', 'referrals', page.items.map((r) => r.patientId));
      return page;
    });
  }

  @Get('waitlist') @Roles(...CARE_STAFF)
  @ApiOperation({ summary: 'The waitlist, first come first served (?limit=&cursor=).' })
  waitlist(@Query() q: PageQuery, @CurrentPrincipal() who: Principal) {
    return withTenant(this.pool, who.tenantId, async (client) => {
      const page = await listReferrals(client, who.tenantId, { status: 'waitlisted', byStatusTime: true }, q);
      await auditPatients(this.audit, client, who, 'list', 'waitlist', page.items.map((r) => r.patientId));
      return page;
    });
  }

  @Get('referrals/:referralId') @Roles(...CARE_STAFF)
  @ApiOperation({ summary: 'One referral with its status, latest assessment and episode. ETag: its version, for If-Match on its commands.' })
  get(@Param('referralId', new ParseUUIDPipe()) id: string, @CurrentPrincipal() who: Principal, @Res({ passthrough: true }) reply: FastifyReply) {
    return withTenant(this.pool, who.tenantId, async (client) => {
      const referral = await findReferral(client, who.tenantId, id);
      if (!referral) throw notFound(`No referral ${id}.`);
      void reply.header('etag', etagOf(await this.store.streamVersion(streams.referral(id).id, client)));
      await this.audit.record({ actor: who, action: 'read', resource: `referral/${id}`, patientId: referral.patientId }, client);
      return referral;
    });
  }
}
