import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import type { Pool } from 'pg';
import { formatInZone } from '@iop/calendar';
import { type CommandContext, Commands, Ctx } from '@iop/event-store';
import { AuditLog, CurrentPrincipal, keyset, pageQueryUpTo, PG_POOL, type Principal, ProblemError, Roles, withTenant } from '@iop/platform';
import { PATIENT_VIEWERS } from '../shared/staff-roles';
import { enrollmentDecider } from '../domain/enrollment/enrollment.decide';
import { OUTREACH_OUTCOMES, type OutreachOutcome } from '../domain/enrollment/enrollment.events';
import { OutreachTaskClosedDto, OutreachTaskPageDto } from './outreach-task.dto';

/** Care staff follow up absences; the front desk and admins see the list but do not close tasks. */
const OUTREACH_CLOSERS = ['clinician', 'supervisor', 'psychiatrist', 'nurse'] as const;

const OUTREACH_TASKS = keyset('scheduling.outreach-tasks', [{ sql: 't.opened_at', type: 'timestamptz' }, { sql: 't.task_id', type: 'uuid' }]);

export class OutreachQuery extends pageQueryUpTo(100) {
  @IsOptional() @IsUUID() episodeId?: string;
  @IsOptional() @IsIn(['open', 'closed']) status?: 'open' | 'closed';
  @ApiPropertyOptional({ description: "Only the tasks of episodes whose care team includes this staff member (a token subject, e.g. the caller's own), as admissions' CareTeamChanged told scheduling." })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  careTeamMember?: string;
}

export class CloseOutreachDto {
  @ApiProperty({ enum: OUTREACH_OUTCOMES, description: 'What came of the follow-up (what was said belongs in a clinical note).' })
  @IsIn(OUTREACH_OUTCOMES)
  outcome!: OutreachOutcome;
}

/** Absence follow-up: one task per no-show, oldest first (docs/DOMAIN.md section 6). */
@ApiTags('attendance')
@Controller('v1/outreach-tasks')
export class OutreachTasksController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(Commands) private readonly commands: Commands,
  ) {}

  @Post(':taskId/close')
  @HttpCode(200)
  @Roles(...OUTREACH_CLOSERS)
  @ApiOperation({ summary: 'Closes an absence follow-up with its outcome (once; 409 when already closed).' })
  @ApiOkResponse({ type: OutreachTaskClosedDto })
  async close(@Param('taskId', new ParseUUIDPipe()) taskId: string, @Body() dto: CloseOutreachDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal) {
    const { events } = await this.commands.run(ctx, async (uow) => {
      const { rows } = await uow.client.query<{ episode_id: string }>('SELECT episode_id FROM outreach_tasks WHERE task_id = $1 AND tenant_id = $2', [taskId, ctx.tenantId]);
      if (!rows[0]) throw new ProblemError(404, `No outreach task ${taskId}.`);
      return uow.decide({ id: `enrollment-${rows[0].episode_id}`, type: 'enrollment' }, enrollmentDecider, { type: 'CloseOutreachTask', data: { taskId, outcome: dto.outcome }, metadata: ctx }, ctx);
    });
    const closed = events.find((e) => e.type === 'OutreachTaskClosed');
    if (closed?.type !== 'OutreachTaskClosed') throw new ProblemError(409, 'The outreach task is already closed.', undefined, 'task-closed');
    await this.audit.record({ actor: who, action: 'update', resource: `outreach-task/${taskId}`, patientId: closed.data.patientId });
    return { taskId, episodeId: closed.data.episodeId, status: 'closed', outcome: closed.data.outcome, closedAt: closed.data.closedAt };
  }

  @Get()
  @Roles(...PATIENT_VIEWERS)
  @ApiOperation({ summary: 'Outreach tasks opened by no-shows (?status=open|closed&episodeId=&careTeamMember=&limit=&cursor=): with careTeamMember, those of the episodes on that member\'s care team.' })
  @ApiOkResponse({ type: OutreachTaskPageDto })
  async list(@Query() q: OutreachQuery, @CurrentPrincipal() who: Principal) {
    const page = OUTREACH_TASKS.request(q);
    const after = OUTREACH_TASKS.where(page, 6);
    const { rows } = await withTenant(this.pool, who.tenantId, (c) => c.query(
      `SELECT t.task_id, t.episode_id, t.patient_id, t.session_id, t.reason, t.status, t.opened_at, t.outcome, t.closed_at,
         e.display_name, s.type, s.starts_at, l.timezone, ${OUTREACH_TASKS.keySelect}
       FROM outreach_tasks t JOIN enrollments e ON e.episode_id = t.episode_id JOIN sessions s ON s.session_id = t.session_id
       JOIN locations l ON l.location_id = t.location_id
       WHERE t.tenant_id = $1 AND ($2::uuid IS NULL OR t.episode_id = $2) AND ($3::text IS NULL OR t.status = $3)
         AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM care_team_members m WHERE m.episode_id = t.episode_id AND m.staff_id = $5)) AND ${after.sql}
       ORDER BY ${OUTREACH_TASKS.orderBy} LIMIT $4`, [who.tenantId, q.episodeId ?? null, q.status ?? null, page.limit + 1, q.careTeamMember ?? null, ...after.params]));
    await Promise.all(rows.slice(0, page.limit).map((r) => this.audit.record({ actor: who, action: 'list', resource: `outreach-task/${r.task_id}`, patientId: r.patient_id })));
    return OUTREACH_TASKS.page(rows, page, (r) => ({
      taskId: r.task_id, episodeId: r.episode_id, patientId: r.patient_id, displayName: r.display_name, sessionId: r.session_id, sessionType: r.type,
      sessionStartsAt: formatInZone(r.starts_at, r.timezone), reason: r.reason, status: r.status, openedAt: r.opened_at.toISOString(),
      ...(r.closed_at ? { outcome: r.outcome, closedAt: r.closed_at.toISOString() } : {}),
    }));
  }
}
