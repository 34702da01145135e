import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsUUID, Matches, MaxLength, ValidateNested, IsDefined } from 'class-validator';
import type { AnalyteResult } from '@iop/domain-events';
import { type CommandContext, Commands, Ctx, EventStore } from '@iop/event-store';
import { AuditLog, CurrentPrincipal, type Principal, Roles } from '@iop/platform';
import { episodeDecider } from '../domain/episode/episode.decide';
import { episodeStream } from '../domain/episode/episode.state';
import { IsCalendarDate } from '../shared/date-fields';
import { DrugScreenRecordedDto } from './record-drug-screen.dto';

class AnalyteResultDto {
  // The contract's code pattern: an analyte is a code, never a sentence, so no free text reaches the bus.
  @ApiProperty({ example: 'fentanyl', pattern: '^[a-z0-9][a-z0-9.:-]*$' })
  @Matches(/^[a-z0-9][a-z0-9.:-]*$/, { message: 'analyte must be a lower-case code such as fentanyl or thc' })
  @MaxLength(64)
  analyte!: string;

  @ApiProperty({ enum: ['positive', 'negative', 'inconclusive'] })
  @IsIn(['positive', 'negative', 'inconclusive'])
  result!: AnalyteResult['result'];
}

class RecordDrugScreenDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() episodeId!: string;
  @ApiProperty({ format: 'date', description: 'Day the specimen was collected (not in the future).' }) @IsCalendarDate() collectedOn!: string;

  @ApiProperty({ type: [AnalyteResultDto], description: 'One result per analyte.' })
  @IsDefined() @ValidateNested({ each: true })
  @Type(() => AnalyteResultDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  results!: AnalyteResultDto[];
}

@ApiTags('measures')
@Controller('v1/drug-screens')
export class RecordDrugScreenController {
  constructor(
    @Inject(Commands) private readonly commands: Commands,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('clinician', 'nurse', 'psychiatrist')
  @ApiOperation({ summary: 'Records a urine drug screen, one result per analyte; publishes DrugScreenResulted (roles: clinician, nurse, psychiatrist).' })
  @ApiNotFoundResponse({ description: 'No episode with this episodeId is known to outcomes.' })
  @ApiCreatedResponse({ type: DrugScreenRecordedDto })
  async record(@Body() dto: RecordDrugScreenDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() principal: Principal): Promise<{ screenId: string }> {
    const screenId = randomUUID();
    const results = dto.results.map(({ analyte, result }) => ({ analyte, result }));
    const { state } = await this.commands.handle(ctx, episodeStream(dto.episodeId), episodeDecider, { type: 'RecordDrugScreen', data: { ...dto, results, screenId }, metadata: ctx });
    const patientId = state.status === 'unknown' ? null : state.episode.patientId;
    await this.audit.record({ actor: principal, action: 'create', resource: `episode/${dto.episodeId}/drug-screen/${screenId}`, patientId, correlationId: ctx.correlationId });
    return { screenId };
  }
}
