import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type CommandContext, Ctx, EventStore } from '@iop/event-store';
import { AuditLog, CurrentPrincipal, type Principal, Roles, withTenant } from '@iop/platform';
import { OptionalReasonDto, ReasonDto } from '../refer-patient/refer-patient.dto';
import { referralDecider, type ReferralCommand } from '../referral/referral.decide';
import { INTAKE } from '../shared/access';
import { execute, streams } from '../shared/streams';

type StatusCommand = Extract<ReferralCommand, { type: 'DeclineReferral' | 'WithdrawReferral' | 'WaitlistReferral' }>;

/** Decline, withdraw or waitlist a referral: each keeps its reason in the referral's history. */
@ApiTags('referrals')
@Controller('v1/referrals/:referralId')
export class ReferralStatusController {
  constructor(@Inject(EventStore) private readonly store: EventStore, @Inject(AuditLog) private readonly audit: AuditLog) {}

  @Post('decline') @HttpCode(200) @Roles(...INTAKE)
  @ApiOperation({ summary: 'The program declines the referral (a reason is required).' })
  @ApiOkResponse({ description: '{ referralId, status }' })
  decline(@Param('referralId', new ParseUUIDPipe()) id: string, @Body() dto: ReasonDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal) {
    return this.run(id, { type: 'DeclineReferral', data: { reason: dto.reason }, metadata: ctx }, ctx, who);
  }

  @Post('withdraw') @HttpCode(200) @Roles(...INTAKE)
  @ApiOperation({ summary: 'The patient or referrer withdraws the referral (a reason is required).' })
  withdraw(@Param('referralId', new ParseUUIDPipe()) id: string, @Body() dto: ReasonDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal) {
    return this.run(id, { type: 'WithdrawReferral', data: { reason: dto.reason }, metadata: ctx }, ctx, who);
  }

  @Post('waitlist') @HttpCode(200) @Roles(...INTAKE)
  @ApiOperation({ summary: 'Put the referral on the waitlist (it can still be assessed and admitted).' })
  waitlist(@Param('referralId', new ParseUUIDPipe()) id: string, @Body() dto: OptionalReasonDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal) {
    return this.run(id, { type: 'WaitlistReferral', data: dto.reason ? { reason: dto.reason } : {}, metadata: ctx }, ctx, who);
  }

  private run(referralId: string, command: StatusCommand, ctx: CommandContext, who: Principal) {
    return withTenant(this.store.pool, ctx.tenantId, async (client) => {
      const { state } = await execute(this.store, streams.referral(referralId), referralDecider, command, ctx, { client });
      const patientId = state.status === 'none' ? null : state.referral.patientId;
      await this.audit.record({ actor: who, action: 'update', resource: `referral/${referralId}`, patientId, correlationId: ctx.correlationId }, client);
      return { referralId, status: state.status };
    });
  }
}
