import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Commands, Ctx, EventStore, type CommandContext } from '@iop/event-store';
import type { Pool } from 'pg';
import { AuditLog, CurrentPrincipal, type KeyedRow, keyset, type Page, PageQuery, PG_POOL, type Principal, withTenant } from '@iop/platform';
import { chartDecider, chartStream, type ChartCommand } from '../domain/chart/chart.decide';
import { AllowRoles, ASSESSORS, NOTE_READERS, PLAN_AUTHORS } from '../shared/clinical-notes.roles';
import { knownChart } from '../shared/tenant-stream';
import { PrimaryClinicianAssignedDto, ReassessmentPageDto, ReassessmentRecordedDto, type ReassessmentViewDto } from './episode-chart.dto';

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
const REASSESSMENTS = keyset('clinical-notes.reassessments', [{ sql: 'recorded_at', type: 'timestamptz', desc: true }, { sql: 'reassessment_id', type: 'uuid', desc: true }]);

type ReassessmentRow = {
  reassessment_id: string; episode_id: string; criteria_edition: number; ratings: ReassessmentViewDto['ratings'];
  rationale: Record<string, string> | null; recorded_by: string; recorded_at: Date;
};
const defined = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** The episode's chart: ASAM reassessments (recorded and read) and the primary clinician. */
@ApiTags('episodes')
@Controller('v1/episodes/:episodeId')
export class EpisodeChartController {
  constructor(
    @Inject(EventStore) private readonly store: EventStore, @Inject(AuditLog) private readonly audit: AuditLog, @Inject(Commands) private readonly commands: Commands,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  @Get('reassessments')
  @AllowRoles(...NOTE_READERS)
  @ApiOperation({ summary: "The episode's reassessments, newest first (?limit=&cursor=); the rationale only to the assessing roles." })
  @ApiOkResponse({ type: ReassessmentPageDto })
  async listReassessments(@EpisodeId() episodeId: string, @Query() q: PageQuery, @CurrentPrincipal() who: Principal): Promise<Page<ReassessmentViewDto>> {
    const req = REASSESSMENTS.request(q);
    const chart = await knownChart(this.store, episodeId, who.tenantId);
    const after = REASSESSMENTS.where(req, 3);
    const { rows } = await withTenant(this.pool, who.tenantId, (c) => c.query<ReassessmentRow & KeyedRow>(
      `SELECT reassessment_id, episode_id, criteria_edition, ratings, rationale, recorded_by, recorded_at, ${REASSESSMENTS.keySelect}
       FROM reassessments WHERE episode_id = $1 AND ${after.sql}
       ORDER BY ${REASSESSMENTS.orderBy} LIMIT $2`, [episodeId, req.limit + 1, ...after.params]));
    // The rationale is the assessor's clinical reasoning: read by those who may write one, not by every clinical role.
    const withRationale = who.roles.some((r) => ASSESSORS.includes(r));
    const page = REASSESSMENTS.page(rows, req, (r): ReassessmentViewDto => ({
      reassessmentId: r.reassessment_id, episodeId: r.episode_id, criteriaEdition: r.criteria_edition as 3 | 4, ratings: r.ratings,
      ...(withRationale && r.rationale ? { rationale: r.rationale } : {}), recordedBy: r.recorded_by, recordedAt: r.recorded_at.toISOString(),
    }));
    await this.audit.record({ actor: who, action: 'list', resource: `episode/${episodeId}/reassessments`, patientId: chart.patientId });
    return page;
  }

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
