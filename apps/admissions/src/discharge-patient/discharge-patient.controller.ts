import { Body, Controller, Headers, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { DISCHARGE_REASONS, type DischargeReason } from '@iop/domain-events';
import { type CommandContext, Commands, Ctx } from '@iop/event-store';
import { CurrentPrincipal, etagHeader, etagOf, parseIfMatch, type Principal, Roles } from '@iop/platform';
import type { PatientDischarged } from '../domain/episode/episode.events';
import { IF_MATCH } from '../manage-episodes/episode-commands.controller';
import { episodeDecider } from '../domain/episode/episode.decide';
import { episodeAudit } from '../manage-episodes/episode-audit';
import { streams } from '../shared/streams';
import { CLINICIANS } from '../shared/access';
import { IsInstant, IsText } from '../shared/validators';
import { PatientDischargedDto } from './discharge-patient.dto';

export class DischargePatientDto {
  @ApiProperty({ enum: DISCHARGE_REASONS }) @IsIn(DISCHARGE_REASONS)
  reason!: DischargeReason;

  @ApiProperty({ example: '2025-05-02T20:30:00-04:00' }) @IsInstant()
  dischargedAt!: string;

  @ApiProperty({ description: 'The patient joins the alumni track (AlumniEnrolled).' }) @IsBoolean()
  joinAlumni!: boolean;

  @ApiPropertyOptional({ description: "Required unless the latest continued-stay review's recommendation backs the reason." })
  @IsOptional() @IsText(2000)
  overrideReason?: string;
}

@ApiTags('episodes')
@Controller('v1/episodes/:episodeId/discharge')
export class DischargePatientController {
  constructor(@Inject(Commands) private readonly commands: Commands) {}

  @Post() @HttpCode(201) @Roles(...CLINICIANS)
  @ApiOperation({ summary: 'Discharge the patient: backed by the latest matching review, or by an override reason (PatientDischarged).' })
  @ApiCreatedResponse({ type: PatientDischargedDto, headers: etagHeader('episode') })
  @ApiHeader(IF_MATCH)
  async discharge(
    @Param('episodeId', new ParseUUIDPipe()) episodeId: string, @Body() dto: DischargePatientDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal,
    @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const data = { reason: dto.reason, dischargedAt: dto.dischargedAt, joinAlumni: dto.joinAlumni, ...(dto.overrideReason ? { overrideReason: dto.overrideReason } : {}) };
    const { events, version } = await this.commands.handle(
      ctx, streams.episode(episodeId), episodeDecider, { type: 'DischargePatient', data, metadata: ctx }, { ifMatch: parseIfMatch(ifMatch), audit: episodeAudit(who, ctx, episodeId) });
    void reply.header('etag', etagOf(version));
    const discharged = (events[0] as PatientDischarged).data;
    return {
      episodeId, reason: discharged.reason, dischargedAt: discharged.dischargedAt, joinAlumni: discharged.joinAlumni,
      backedByReviewId: discharged.backedByReviewId ?? null, overridden: discharged.backedByReviewId === undefined,
    };
  }
}
