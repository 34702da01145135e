import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Commands, Ctx, EventStore, type CommandContext } from '@iop/event-store';
import { AuditLog, CurrentPrincipal, type Principal } from '@iop/platform';
import { chartDecider, chartStream, type ChartCommand } from '../domain/chart/chart.decide';
import { AllowRoles, ASSESSORS, PLAN_AUTHORS } from '../shared/clinical-notes.roles';
import { PrimaryClinicianAssignedDto, ReassessmentRecordedDto } from './episode-chart.dto';

class RationaleDto {
  @IsOptional() @IsString() @MaxLength(4000) d1?: string;
  @IsOptional() @IsString() @MaxLength(4000) d2?: string;
  @IsOptional() @IsString() @MaxLength(4000) d3?: string;
  @IsOptional() @IsString() @MaxLength(4000) d4?: string;
  @IsOptional() @IsString() @MaxLength(4000) d5?: string;
  @IsOptional() @IsString() @MaxLength(4000) d6?: string;
}

/** Same shape as admission assessments; ratings are checked by @iop/asam-criteria (every bad dimension listed). */
class ReassessmentDto {
  @ApiProperty({ enum: [3, 4] })
  @IsIn([3, 4])
  criteriaEdition!: 3 | 4;

  @ApiProperty({ example: { d1: 0, d2: 0, d3: 1, d4: 2, d5: 2, d6: 1 }, description: 'd1..d6, each 0-4.' })
  @IsObject()
  ratings!: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Per-dimension rationale; stays in clinical notes (never published).' })
  @IsOptional() @ValidateNested() @Type(() => RationaleDto)
  rationale?: RationaleDto;
}

class PrimaryClinicianDto {
  @ApiProperty({ description: "The clinician's token subject." }) @IsString() @MaxLength(200) clinician!: string;
}

const EpisodeId = () => Param('episodeId', new ParseUUIDPipe());
const defined = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Writes to the episode's chart: ASAM reassessments and the primary clinician. */
@ApiTags('episodes')
@Controller('v1/episodes/:episodeId')
export class EpisodeChartController {
  constructor(
    @Inject(EventStore) private readonly store: EventStore, @Inject(AuditLog) private readonly audit: AuditLog, @Inject(Commands) private readonly commands: Commands,
  ) {}

  @Post('reassessments')
  @HttpCode(201)
  @AllowRoles(...ASSESSORS)
  @ApiOperation({ summary: 'Re-rates the six ASAM dimensions (publishes DimensionalReassessmentRecorded, without the rationale).' })
  @ApiCreatedResponse({ type: ReassessmentRecordedDto })
  async reassess(
    @EpisodeId() episodeId: string, @Body() dto: ReassessmentDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal,
  ): Promise<{ reassessmentId: string }> {
    const reassessmentId = randomUUID();
    const { criteriaEdition, ratings } = dto;
    const data = { reassessmentId, episodeId, criteriaEdition, ratings, ...(dto.rationale ? { rationale: defined(dto.rationale) } : {}) };
    const patientId = await this.run(episodeId, ctx, { type: 'RecordReassessment', data, metadata: ctx });
    await this.audited(who, 'create', `episode/${episodeId}/reassessment/${reassessmentId}`, patientId, ctx);
    return { reassessmentId };
  }

  @Put('primary-clinician')
  @AllowRoles(...PLAN_AUTHORS)
  @ApiOperation({ summary: 'Names the clinician answerable for the episode (GET /v1/notes/missing?clinician= lists by it).' })
  @ApiOkResponse({ type: PrimaryClinicianAssignedDto })
  @ApiConflictResponse({ description: 'The chart changed concurrently; nothing was changed.' })
  async assign(@EpisodeId() episodeId: string, @Body() dto: PrimaryClinicianDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal) {
    const data = { episodeId, clinician: dto.clinician };
    const patientId = await this.run(episodeId, ctx, { type: 'AssignPrimaryClinician', data, metadata: ctx });
    await this.audited(who, 'update', `episode/${episodeId}/primary-clinician`, patientId, ctx);
    return { episodeId, primaryClinician: dto.clinician };
  }

  private async run(episodeId: string, ctx: CommandContext, command: ChartCommand): Promise<string | null> {
    const { state } = await this.commands.handle(ctx, chartStream(episodeId), chartDecider, command);
    return state.status === 'unknown' ? null : state.patientId;
  }

  private async audited(who: Principal, action: 'create' | 'update', resource: string, patientId: string | null, ctx: CommandContext) {
    await this.audit.record({ actor: who, action, resource, patientId, correlationId: ctx.correlationId });
  }
}
