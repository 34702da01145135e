import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import type { Pool } from 'pg';
import { AuditLog, CurrentPrincipal, PG_POOL, type Principal, Roles, withTenant } from '@iop/platform';
import { PATIENT_VIEWERS } from '../access/staff-roles';
import { formatInZone } from '../time/local-time';

export class OutreachQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @IsOptional() @IsUUID() cursor?: string;
  @IsOptional() @IsUUID() episodeId?: string;
}

/** Absence follow-up: one task per no-show, oldest first (DOMAIN.md section 6). */
@ApiTags('attendance')
@Controller('v1/outreach-tasks')
export class OutreachTasksController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool, @Inject(AuditLog) private readonly audit: AuditLog) {}

  @Get()
  @Roles(...PATIENT_VIEWERS)
  @ApiOperation({ summary: 'Outreach tasks opened by no-shows (?episodeId=&limit=&cursor=).' })
  async list(@Query() q: OutreachQuery, @CurrentPrincipal() who: Principal) {
    const limit = q.limit ?? 50;
    const { rows } = await withTenant(this.pool, who.tenantId, (c) => c.query(
      `SELECT t.task_id, t.episode_id, t.patient_id, t.session_id, t.reason, t.status, t.opened_at, e.display_name, s.type, s.starts_at, l.timezone
       FROM outreach_tasks t JOIN enrollments e ON e.episode_id = t.episode_id JOIN sessions s ON s.session_id = t.session_id
       JOIN locations l ON l.location_id = t.location_id
       WHERE t.tenant_id = $1 AND ($2::uuid IS NULL OR t.episode_id = $2)
         AND ($3::uuid IS NULL OR (t.opened_at, t.task_id) > (SELECT opened_at, task_id FROM outreach_tasks WHERE task_id = $3))
       ORDER BY t.opened_at, t.task_id LIMIT $4`, [who.tenantId, q.episodeId ?? null, q.cursor ?? null, limit + 1]));
    const page = rows.slice(0, limit);
    await Promise.all(page.map((r) => this.audit.record({ actor: who, action: 'list', resource: `outreach-task/${r.task_id}`, patientId: r.patient_id })));
    const items = page.map((r) => ({
      taskId: r.task_id, episodeId: r.episode_id, patientId: r.patient_id, displayName: r.display_name, sessionId: r.session_id, sessionType: r.type,
      sessionStartsAt: formatInZone(r.starts_at, r.timezone), reason: r.reason, status: r.status, openedAt: r.opened_at.toISOString(),
    }));
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].taskId : null };
  }
}
