import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type CommandContext, Commands, Ctx, EventStore } from '@iop/event-store';
import { AuditLog, CurrentPrincipal, type Principal, Roles } from '@iop/platform';
import type { EpisodeEvent, MeasureRecorded } from '../domain/episode/episode.events';
import { episodeDecider } from '../domain/episode/episode.decide';
import { episodeStream } from '../domain/episode/episode.state';
import { MeasureResultDto, RecordMeasureDto } from './record-measure.dto';

/** What the clinician sees right after scoring; the full observation is in GET /v1/episodes/{id}/measures. */
export function measureResult(events: EpisodeEvent[]): MeasureResultDto[] {
  return events
    .filter((e): e is MeasureRecorded => e.type === 'MeasureRecorded')
    .map(({ data: d }) => ({ measureId: d.measureId, instrument: d.instrument, scores: d.scores, ...(d.band ? { band: d.band } : {}), safetyAlert: d.safetyAlert, scoringVersion: d.scoringVersion }));
}

@ApiTags('measures')
@Controller('v1/measures')
export class RecordMeasureController {
  constructor(
    @Inject(Commands) private readonly commands: Commands,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('clinician', 'nurse', 'psychiatrist')
  @ApiOperation({ summary: 'Scores a PHQ-9, GAD-7 or BAM and records it with its raw answers (roles: clinician, nurse, psychiatrist).' })
  @ApiNotFoundResponse({ description: 'No episode with this episodeId is known to outcomes.' })
  @ApiCreatedResponse({ type: MeasureResultDto })
  async record(@Body() dto: RecordMeasureDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() principal: Principal): Promise<MeasureResultDto> {
    const measureId = randomUUID();
    const { state, events } = await this.commands.handle(ctx, episodeStream(dto.episodeId), episodeDecider, { type: 'RecordMeasure', data: { ...dto, measureId }, metadata: ctx });
    const patientId = state.status === 'unknown' ? null : state.episode.patientId;
    await this.audit.record({ actor: principal, action: 'create', resource: `episode/${dto.episodeId}/measure/${measureId}`, patientId, correlationId: ctx.correlationId });
    return measureResult(events)[0];
  }
}
