import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { type CommandContext, Commands, Ctx, EventStore } from '@iop/event-store';
import { AuditLog, CurrentPrincipal, type Principal, Roles } from '@iop/platform';
import { episodeDecider } from '../domain/episode/episode.decide';
import { episodeStream } from '../domain/episode/episode.state';
import { IsCalendarDate } from '../shared/date-fields';
import { AbstinenceReportedDto } from './report-abstinence.dto';

class ReportAbstinenceDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() episodeId!: string;
  @ApiProperty({ format: 'date' }) @IsCalendarDate() periodStart!: string;
  @ApiProperty({ format: 'date', description: 'Inclusive; not before periodStart, not in the future.' }) @IsCalendarDate() periodEnd!: string;
  @ApiProperty({ minimum: 0, description: 'Days abstinent in the period (at most its length in days).' })
  @IsInt()
  @Min(0)
  @Max(366)
  daysAbstinent!: number;
}

@ApiTags('measures')
@Controller('v1/abstinence-reports')
export class ReportAbstinenceController {
  constructor(
    @Inject(Commands) private readonly commands: Commands,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('clinician', 'nurse', 'psychiatrist')
  @ApiOperation({ summary: 'Records self-reported days abstinent in a period (roles: clinician, nurse, psychiatrist).' })
  @ApiNotFoundResponse({ description: 'No episode with this episodeId is known to outcomes.' })
  @ApiCreatedResponse({ type: AbstinenceReportedDto })
  async report(@Body() dto: ReportAbstinenceDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() principal: Principal): Promise<{ reportId: string }> {
    const reportId = randomUUID();
    const { state } = await this.commands.handle(ctx, episodeStream(dto.episodeId), episodeDecider, { type: 'ReportAbstinence', data: { ...dto, reportId }, metadata: ctx });
    const patientId = state.status === 'unknown' ? null : state.episode.patientId;
    await this.audit.record({ actor: principal, action: 'create', resource: `episode/${dto.episodeId}/abstinence-report/${reportId}`, patientId, correlationId: ctx.correlationId });
    return { reportId };
  }
}
