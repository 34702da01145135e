import { Controller, Get, Inject, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { AuditLog, CLINICAL_ROLES, CurrentPrincipal, PG_POOL, type Principal, Roles, withTenant } from '@iop/platform';
import { patientOfEpisode } from '../shared/episode-lookup';
import { FollowUpListDto } from './follow-up.dto';

export type FollowUpView = {
  followUpId: string; sequence: number; offsetDays: number; dueDate: string; windowStart: string; windowEnd: string;
  status: 'scheduled' | 'completed' | 'lost'; abstinent: boolean | null; completedAt: string | null; withinWindow: boolean | null; lostAt: string | null;
};

@ApiTags('follow-ups')
@Controller('v1/episodes/:episodeId/follow-ups')
export class ListFollowUpsController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  @Get()
  @Roles(...CLINICAL_ROLES)
  @ApiOperation({
    summary: 'The post-discharge follow-ups of an episode (clinical roles; audited). status: scheduled, completed, or lost (its window closed without a contact).',
  })
  @ApiOkResponse({ type: FollowUpListDto })
  async list(@Param('episodeId', new ParseUUIDPipe()) episodeId: string, @CurrentPrincipal() principal: Principal): Promise<{ items: FollowUpView[] }> {
    const { patientId, rows } = await withTenant(this.pool, principal.tenantId, async (client) => ({
      patientId: await patientOfEpisode(client, episodeId),
      rows: (await client.query(
        `SELECT follow_up_id, sequence, offset_days, due_date::text, window_start::text, window_end::text, status, abstinent, completed_at,
           within_window, lost_at FROM outcome_follow_ups WHERE episode_id = $1 ORDER BY sequence`,
        [episodeId],
      )).rows,
    }));
    await this.audit.record({ actor: principal, action: 'read', resource: `episode/${episodeId}/follow-ups`, patientId });
    return {
      items: rows.map((r) => ({
        followUpId: r.follow_up_id, sequence: r.sequence, offsetDays: r.offset_days, dueDate: r.due_date, windowStart: r.window_start,
        windowEnd: r.window_end, status: r.status, abstinent: r.abstinent, completedAt: r.completed_at?.toISOString() ?? null,
        withinWindow: r.within_window, lostAt: r.lost_at?.toISOString() ?? null,
      })),
    };
  }
}
