import { Body, Controller, Headers, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type CommandContext, Commands, Ctx } from '@iop/event-store';
import { CurrentPrincipal, etagHeader, etagOf, ifMatchHeader, parseIfMatch, type Principal, Roles } from '@iop/platform';
import { OptionalReasonDto, ReasonDto } from '../refer-patient/refer-patient.dto';
import { referralDecider, type ReferralCommand } from '../domain/referral/referral.decide';
import { INTAKE } from '../shared/access';
import { streams } from '../shared/streams';
import { ReferralStatusDto } from './referral.dto';

type StatusCommand = Extract<ReferralCommand, { type: 'DeclineReferral' | 'WithdrawReferral' | 'WaitlistReferral' }>;

export const REFERRAL_IF_MATCH = ifMatchHeader('referral', '/v1/referrals/{referralId}');

/** The request's `If-Match` (optional) and its reply, which gets the referral's new ETag. */
type Precondition = { ifMatch: string | undefined; reply: FastifyReply };

/** Decline, withdraw or waitlist a referral: each keeps its reason in the referral's history. */
@ApiTags('referrals')
@Controller('v1/referrals/:referralId')
export class ReferralStatusController {
  constructor(@Inject(Commands) private readonly commands: Commands) {}

  @Post('decline') @HttpCode(200) @Roles(...INTAKE)
  @ApiOperation({ summary: 'The program declines the referral (a reason is required).' })
  @ApiOkResponse({ type: ReferralStatusDto, headers: etagHeader('referral') })
  @ApiHeader(REFERRAL_IF_MATCH)
  decline(
    @Param('referralId', new ParseUUIDPipe()) id: string, @Body() dto: ReasonDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal,
    @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(id, { type: 'DeclineReferral', data: { reason: dto.reason }, metadata: ctx }, ctx, who, { ifMatch, reply });
  }

  @Post('withdraw') @HttpCode(200) @Roles(...INTAKE)
  @ApiOperation({ summary: 'The patient or referrer withdraws the referral (a reason is required).' })
  @ApiOkResponse({ type: ReferralStatusDto, headers: etagHeader('referral') })
  @ApiHeader(REFERRAL_IF_MATCH)
  withdraw(
    @Param('referralId', new ParseUUIDPipe()) id: string, @Body() dto: ReasonDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal,
    @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(id, { type: 'WithdrawReferral', data: { reason: dto.reason }, metadata: ctx }, ctx, who, { ifMatch, reply });
  }

  @Post('waitlist') @HttpCode(200) @Roles(...INTAKE)
  @ApiOperation({ summary: 'Put the referral on the waitlist (it can still be assessed and admitted).' })
  @ApiOkResponse({ type: ReferralStatusDto, headers: etagHeader('referral') })
  @ApiHeader(REFERRAL_IF_MATCH)
  waitlist(
    @Param('referralId', new ParseUUIDPipe()) id: string, @Body() dto: OptionalReasonDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal,
    @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(id, { type: 'WaitlistReferral', data: dto.reason ? { reason: dto.reason } : {}, metadata: ctx }, ctx, who, { ifMatch, reply });
  }

  private async run(referralId: string, command: StatusCommand, ctx: CommandContext, who: Principal, { ifMatch, reply }: Precondition) {
    const { state, version } = await this.commands.handle(ctx, streams.referral(referralId), referralDecider, command, {
      ifMatch: parseIfMatch(ifMatch),
      audit: ({ state: s }) => ({ actor: who, action: 'update', resource: `referral/${referralId}`, patientId: s.status === 'none' ? null : s.referral.patientId, correlationId: ctx.correlationId }),
    });
    void reply.header('etag', etagOf(version));
    return { referralId, status: state.status };
  }
}
