import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, Headers, HttpCode, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { notFound } from '@iop/decider';
import { DIAGNOSIS_CODE_SYSTEM, DIAGNOSIS_KINDS, diagnosisCode, type DiagnosisKind, ICD10CM_CODE_PATTERN } from '@iop/domain-events';
import { type CommandContext, Commands, Ctx, EventStore, loadStream } from '@iop/event-store';
import { AuditLog, CurrentPrincipal, etagHeader, etagOf, parseIfMatch, type Principal, Roles } from '@iop/platform';
import { episodeDecider, type EpisodeCommand } from '../domain/episode/episode.decide';
import type { DiagnosisRecorded } from '../domain/episode/episode.events';
import type { Diagnosis } from '../domain/episode/episode.state';
import { IF_MATCH } from '../manage-episodes/episode-commands.controller';
import { episodeAudit } from '../manage-episodes/episode-audit';
import { CHART_READERS, DIAGNOSIS_WRITERS } from '../shared/access';
import { streams } from '../shared/streams';
import { DiagnosisListDto, EpisodeDiagnosisDto } from './diagnosis.dto';

const SPECIFIERS = ['mild', 'moderate', 'severe'] as const;

export class RecordDiagnosisDto {
  @ApiProperty({ example: 'F10.20', pattern: ICD10CM_CODE_PATTERN, description: 'ICD-10-CM code with its dot, from the platform\'s subset (docs/DOMAIN.md section 7); another is a 400.' })
  @Matches(new RegExp(ICD10CM_CODE_PATTERN), { message: 'code must be an ICD-10-CM code such as F10.20' })
  code!: string;

  @ApiProperty({ enum: [DIAGNOSIS_CODE_SYSTEM] }) @IsIn([DIAGNOSIS_CODE_SYSTEM])
  system!: typeof DIAGNOSIS_CODE_SYSTEM;

  @ApiProperty({ enum: DIAGNOSIS_KINDS, description: 'At most one active primary diagnosis per episode.' }) @IsIn(DIAGNOSIS_KINDS)
  kind!: DiagnosisKind;

  @ApiPropertyOptional({ enum: SPECIFIERS, description: 'DSM-5 severity specifier of a substance-use disorder: `mild` for F1x.1x, `moderate` or `severe` for F1x.2x.' })
  @IsOptional() @IsIn(SPECIFIERS)
  severity?: (typeof SPECIFIERS)[number];
}

/** A diagnosis as the chart shows it, with the code's title from the table (the events carry the code only). */
const view = (d: Diagnosis) => ({ ...d, display: diagnosisCode(d.code)?.display ?? d.code });

type Params = { id: string; ctx: CommandContext; who: Principal; ifMatch: string | undefined; reply: FastifyReply };

/** Diagnoses on the episode stream (docs/DOMAIN.md section 7): each change is an event, published without text. */
@ApiTags('diagnoses')
@Controller('v1/episodes/:episodeId/diagnoses')
export class DiagnosesController {
  constructor(
    @Inject(EventStore) private readonly store: EventStore, @Inject(Commands) private readonly commands: Commands, @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  private async run({ id, ctx, who, ifMatch, reply }: Params, command: EpisodeCommand) {
    const result = await this.commands.handle(ctx, streams.episode(id), episodeDecider, command, { ifMatch: parseIfMatch(ifMatch), audit: episodeAudit(who, ctx, id) });
    void reply.header('etag', etagOf(result.version));
    return result;
  }

  @Post() @HttpCode(201) @Roles(...DIAGNOSIS_WRITERS)
  @ApiOperation({ summary: 'Record a diagnosis on the episode: an ICD-10-CM code of the platform\'s subset, primary or secondary (DiagnosisRecorded).' })
  @ApiHeader(IF_MATCH)
  @ApiCreatedResponse({ type: EpisodeDiagnosisDto, headers: etagHeader('episode') })
  async record(
    @Param('episodeId', new ParseUUIDPipe()) id: string, @Body() dto: RecordDiagnosisDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal,
    @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const data = { diagnosisId: randomUUID(), code: dto.code, system: dto.system, kind: dto.kind, ...(dto.severity ? { severity: dto.severity } : {}) };
    const { events } = await this.run({ id, ctx, who, ifMatch, reply }, { type: 'RecordDiagnosis', data, metadata: ctx });
    const { episodeId: _e, patientId: _p, ...recorded } = (events[0] as DiagnosisRecorded).data;
    return { episodeId: id, ...view({ ...recorded, status: 'active' }) };
  }

  @Get() @Roles(...CHART_READERS)
  @ApiOperation({ summary: "The episode's diagnoses, active and resolved, in the order recorded (those removed as entered in error are left out)." })
  @ApiOkResponse({ type: DiagnosisListDto, headers: etagHeader('episode') })
  async list(@Param('episodeId', new ParseUUIDPipe()) id: string, @CurrentPrincipal() who: Principal, @Res({ passthrough: true }) reply: FastifyReply) {
    const { state, version } = await loadStream(this.store, streams.episode(id), episodeDecider, who.tenantId);
    if (state.status === 'none') throw notFound(`No episode ${id}.`);
    await this.audit.record({ actor: who, action: 'read', resource: `episode/${id}/diagnoses`, patientId: state.episode.patientId });
    void reply.header('etag', etagOf(version));
    return { items: (state.diagnoses ?? []).map(view), nextCursor: null };
  }

  @Post(':diagnosisId/resolve') @HttpCode(200) @Roles(...DIAGNOSIS_WRITERS)
  @ApiOperation({ summary: 'Mark a diagnosis resolved: it stays on record, no longer active (DiagnosisResolved).' })
  @ApiOkResponse({ type: EpisodeDiagnosisDto, headers: etagHeader('episode') })
  @ApiHeader(IF_MATCH)
  async resolve(
    @Param('episodeId', new ParseUUIDPipe()) id: string, @Param('diagnosisId', new ParseUUIDPipe()) diagnosisId: string, @Ctx() ctx: CommandContext,
    @CurrentPrincipal() who: Principal, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { state } = await this.run({ id, ctx, who, ifMatch, reply }, { type: 'ResolveDiagnosis', data: { diagnosisId }, metadata: ctx });
    const resolved = state.status === 'none' ? undefined : state.diagnoses?.find((d) => d.diagnosisId === diagnosisId);
    return { episodeId: id, ...(resolved ? view(resolved) : { diagnosisId }) };
  }

  @Delete(':diagnosisId') @HttpCode(204) @Roles(...DIAGNOSIS_WRITERS)
  @ApiOperation({ summary: 'Remove a diagnosis entered in error (DiagnosisRemoved); a condition that ended is resolved instead.' })
  @ApiHeader(IF_MATCH)
  async remove(
    @Param('episodeId', new ParseUUIDPipe()) id: string, @Param('diagnosisId', new ParseUUIDPipe()) diagnosisId: string, @Ctx() ctx: CommandContext,
    @CurrentPrincipal() who: Principal, @Headers('if-match') ifMatch: string | undefined, @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.run({ id, ctx, who, ifMatch, reply }, { type: 'RemoveDiagnosis', data: { diagnosisId }, metadata: ctx });
  }
}
