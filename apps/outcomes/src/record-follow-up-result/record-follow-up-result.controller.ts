import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsOptional, ValidateNested } from 'class-validator';
import type { Pool } from 'pg';
import { type CommandContext, Commands, Ctx, EventStore } from '@iop/event-store';
import { AuditLog, CLINICAL_ROLES, CurrentPrincipal, PG_POOL, type Principal, ProblemError, Roles, withTenant } from '@iop/platform';
import type { FollowUpCompleted } from '../domain/episode/episode.events';
import { episodeDecider } from '../domain/episode/episode.decide';
import { episodeStream } from '../domain/episode/episode.state';
import { IsDateTimeWithOffset } from '../shared/date-fields';
import { MeasureAnswersDto, MeasureResultDto } from '../record-measure/record-measure.dto';
import { measureResult } from '../record-measure/record-measure.controller';
import { FollowUpResultRecordedDto } from './follow-up-result.dto';

class FollowUpResultDto {
  @ApiProperty({ description: 'Self-reported abstinence at the contact.' }) @IsBoolean() abstinent!: boolean;

  @ApiProperty({ format: 'date-time', description: 'When the contact took place: any time after discharge, not in the future.' })
  @IsDateTimeWithOffset()
  completedAt!: string;

  @ApiPropertyOptional({ type: [MeasureAnswersDto], description: 'Measures taken at the follow-up, scored like POST /v1/measures.' })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => MeasureAnswersDto)
  @ArrayMaxSize(3)
  measures?: MeasureAnswersDto[];
}

type FollowUpResultView = { followUpId: string; status: 'completed'; abstinent: boolean; completedAt: string; withinWindow: boolean; measures: MeasureResultDto[] };

@ApiTags('follow-ups')
@Controller('v1/follow-ups/:followUpId/result')
export class RecordFollowUpResultController {
  constructor(
    @Inject(Commands) private readonly commands: Commands,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles(...CLINICAL_ROLES)
  @ApiOperation({ summary: 'Records the follow-up contact and whether it fell inside its window; 409 when it has a result already (clinical roles).' })
  @ApiCreatedResponse({ type: FollowUpResultRecordedDto })
  async record(
    @Param('followUpId', new ParseUUIDPipe()) followUpId: string, @Body() dto: FollowUpResultDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() principal: Principal,
  ): Promise<FollowUpResultView> {
    const owner = await this.episodeOf(principal.tenantId, followUpId);
    const measures = (dto.measures ?? []).map(({ instrument, answers }) => ({ instrument, answers }));
    const data = { episodeId: owner.episodeId, followUpId, abstinent: dto.abstinent, completedAt: dto.completedAt, measures };
    const { events } = await this.commands.handle(ctx, episodeStream(owner.episodeId), episodeDecider, { type: 'RecordFollowUpResult', data, metadata: { ...ctx, ids: measures.map(() => randomUUID()) } });
    await this.audit.record({ actor: principal, action: 'create', resource: `follow-up/${followUpId}/result`, patientId: owner.patientId, correlationId: ctx.correlationId });
    const completed = events.find((e): e is FollowUpCompleted => e.type === 'FollowUpCompleted')!.data;
    return { followUpId, status: 'completed', abstinent: completed.abstinent, completedAt: completed.completedAt, withinWindow: completed.withinWindow, measures: measureResult(events) };
  }

  /** The follow-up names only itself: its episode comes from the read model, which hides other tenants' rows (404). */
  private async episodeOf(tenantId: string, followUpId: string): Promise<{ episodeId: string; patientId: string }> {
    const { rows } = await withTenant(this.pool, tenantId, (client) =>
      client.query<{ episode_id: string; patient_id: string }>('SELECT episode_id, patient_id FROM outcome_follow_ups WHERE follow_up_id = $1', [followUpId]),
    );
    if (!rows[0]) throw new ProblemError(404, `No follow-up ${followUpId}.`);
    return { episodeId: rows[0].episode_id, patientId: rows[0].patient_id };
  }
}
