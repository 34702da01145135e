import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { ATTENDANCE_STATUSES, type AttendanceStatus } from '@iop/domain-events';
import { type CommandContext, Commands, Ctx } from '@iop/event-store';
import { CurrentPrincipal, type Principal, ProblemError, Roles } from '@iop/platform';
import { ATTENDANCE_RECORDERS } from '../shared/staff-roles';
import { enrollmentDecider } from '../domain/enrollment/enrollment.decide';
import type { Enrollment } from '../domain/enrollment/enrollment.state';

export class RecordAttendanceDto {
  @ApiProperty() @IsUUID() episodeId!: string;
  @ApiProperty({ enum: ATTENDANCE_STATUSES }) @IsIn(ATTENDANCE_STATUSES) status!: AttendanceStatus;
  @ApiPropertyOptional({ description: 'Minutes attended, at most the session\'s length; 0 (or omitted) when absent.' })
  @IsOptional() @IsInt() @Min(0) @Max(1440) minutesAttended?: number;
}

const ABSENT = ['absent-excused', 'absent-unexcused'];

@ApiTags('attendance')
@Controller('v1/sessions')
export class RecordAttendanceController {
  constructor(@Inject(Commands) private readonly commands: Commands) {}

  @Post(':sessionId/attendance')
  @HttpCode(201)
  @Roles(...ATTENDANCE_RECORDERS)
  @ApiOperation({ summary: 'Records attendance (publishes AttendanceRecorded); a no-show opens an outreach task; earlier weeks close.' })
  async record(@Param('sessionId', new ParseUUIDPipe()) sessionId: string, @Body() dto: RecordAttendanceDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal) {
    const minutesAttended = dto.minutesAttended ?? (ABSENT.includes(dto.status) ? 0 : undefined);
    if (minutesAttended === undefined) throw new ProblemError(400, 'minutesAttended is required unless the patient was absent.', [{ path: 'minutesAttended', message: 'is required' }], 'validation');
    const data = { sessionId, status: dto.status, minutesAttended, taskId: randomUUID() };
    const { events } = await this.commands.run(ctx, async (uow) => {
      const { rows } = await uow.client.query<{ status: string }>('SELECT status FROM sessions WHERE session_id = $1 AND tenant_id = $2 FOR SHARE', [sessionId, ctx.tenantId]);
      if (!rows[0]) throw new ProblemError(404, `No session ${sessionId}.`);
      if (rows[0].status === 'cancelled') throw new ProblemError(409, 'The session was cancelled: no attendance can be recorded for it.', undefined, 'session-cancelled');
      const decision = await uow.decide({ id: `enrollment-${dto.episodeId}`, type: 'enrollment' }, enrollmentDecider, { type: 'RecordAttendance', data, metadata: ctx }, ctx);
      await uow.audit({ actor: who, action: 'create', resource: `session/${sessionId}/attendance/${dto.episodeId}`, patientId: (decision.state as Enrollment).patientId });
      return decision;
    });
    return {
      sessionId, episodeId: dto.episodeId, status: dto.status, minutesAttended,
      weeksClosed: events.flatMap((e) => (e.type === 'WeekSummarized' ? [e.data.weekStart] : [])),
      outreachTaskId: events.find((e) => e.type === 'OutreachTaskOpened') ? data.taskId : null,
    };
  }
}
