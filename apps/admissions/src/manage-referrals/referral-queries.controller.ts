import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import { notFound } from '@iop/decider';
import { EventStore } from '@iop/event-store';
import { AuditLog, CurrentPrincipal, etagHeader, etagOf, PageQuery, PG_POOL, type Principal, Roles, withTenant } from '@iop/platform';
import { CARE_STAFF } from '../shared/access';
import { auditPatients } from '../shared/audit';
import { streams } from '../shared/streams';
import { findReferral, listReferrals, REFERRAL_STAGES, type ReferralStage } from './referral.queries';
import { ReferralDto, ReferralPageDto, REFERRAL_STATUSES } from './referral.dto';

export class ReferralListQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: REFERRAL_STATUSES }) @IsOptional() @IsIn(REFERRAL_STATUSES)
  status?: (typeof REFERRAL_STATUSES)[number];

  @ApiPropertyOptional({ enum: REFERRAL_STAGES, description: 'The intake board column: referred (open, not assessed), assessed (open, assessed), or a status.' })
  @IsOptional() @IsIn(REFERRAL_STAGES)
  stage?: ReferralStage;
}

@ApiTags('referrals')
@Controller('v1')
export class ReferralQueriesController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool, @Inject(AuditLog) private readonly audit: AuditLog, @Inject(EventStore) private readonly store: EventStore,
  ) {}

  @Get('referrals') @Roles(...CARE_STAFF)
  @ApiOperation({ summary: 'Referrals, oldest first (?status=&stage=&limit=&cursor=), each with its patient\'s name and its intake board stage.' })
  @ApiOkResponse({ type: ReferralPageDto })
  list(@Query() q: ReferralListQueryDto, @CurrentPrincipal() who: Principal) {
    return withTenant(this.pool, who.tenantId, async (client) => {
      const page = await listReferrals(client, who.tenantId, { status: q.status, stage: q.stage }, q);
      await auditPatients(this.audit, client, who, 'list', 'referrals', page.items.map((r) => r.patientId));
      return page;
    });
  }

  @Get('waitlist') @Roles(...CARE_STAFF)
  @ApiOperation({ summary: 'The waitlist, first come first served (?limit=&cursor=).' })
  @ApiOkResponse({ type: ReferralPageDto })
  waitlist(@Query() q: PageQuery, @CurrentPrincipal() who: Principal) {
    return withTenant(this.pool, who.tenantId, async (client) => {
      const page = await listReferrals(client, who.tenantId, { status: 'waitlisted', byStatusTime: true }, q);
      await auditPatients(this.audit, client, who, 'list', 'waitlist', page.items.map((r) => r.patientId));
      return page;
    });
  }

  @Get('referrals/:referralId') @Roles(...CARE_STAFF)
  @ApiOperation({ summary: 'One referral with its status, latest assessment and episode. ETag: its version, for If-Match on its commands.' })
  @ApiOkResponse({ type: ReferralDto, headers: etagHeader('referral') })
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
