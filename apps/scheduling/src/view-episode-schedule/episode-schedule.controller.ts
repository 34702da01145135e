import { Controller, Get, Inject, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import type { Pool } from 'pg';
import { formatInZone } from '@iop/calendar';
import { AuditLog, CurrentPrincipal, PG_POOL, type Principal, ProblemError, Roles, withTenant } from '@iop/platform';
import { PATIENT_VIEWERS } from '../shared/staff-roles';
import { IsLocalDate } from '../shared/local-date.validator';
import { placesOfEpisode } from '../read-models/places';
import { EpisodeScheduleDto } from './episode-schedule.dto';

export class ScheduleQuery {
  @IsOptional() @IsLocalDate() from?: string;
  @IsOptional() @IsLocalDate() to?: string;
}

/** A patient's schedule: every seat, waitlist place and cancelled booking, with the session and any attendance. */
@ApiTags('enrollments')
@Controller('v1/episodes')
export class EpisodeScheduleController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool, @Inject(AuditLog) private readonly audit: AuditLog) {}

  @Get(':episodeId/schedule')
  @Roles(...PATIENT_VIEWERS)
  @ApiOperation({ summary: 'The episode\'s sessions between ?from= and ?to= (local dates, inclusive), in time order.' })
  @ApiOkResponse({ type: EpisodeScheduleDto })
  async schedule(@Param('episodeId', new ParseUUIDPipe()) episodeId: string, @Query() q: ScheduleQuery, @CurrentPrincipal() who: Principal) {
    const { enrollment, rows } = await withTenant(this.pool, who.tenantId, async (c) => {
      const e = await c.query('SELECT patient_id, location_id, timezone, status FROM enrollments WHERE episode_id = $1 AND tenant_id = $2', [episodeId, who.tenantId]);
      const items = await c.query(
        `SELECT s.session_id, s.type, s.starts_at, s.ends_at, s.room, s.virtual_link, s.no_charge, s.plan_id, s.plan_version, s.status AS session_status, b.status AS booking,
           b.cancel_reason, a.status AS attendance_status, a.minutes_attended
         FROM ${placesOfEpisode('$1', '$4')} b JOIN sessions s ON s.session_id = b.session_id
         LEFT JOIN attendance a ON a.session_id = b.session_id AND a.episode_id = $1
         WHERE ($2::date IS NULL OR s.local_date >= $2) AND ($3::date IS NULL OR s.local_date <= $3)
         ORDER BY s.starts_at, s.session_id`, [episodeId, q.from ?? null, q.to ?? null, who.tenantId]);
      return { enrollment: e.rows[0], rows: items.rows };
    });
    if (!enrollment) throw new ProblemError(404, `No enrollment for episode ${episodeId}.`);
    await this.audit.record({ actor: who, action: 'read', resource: `episode/${episodeId}/schedule`, patientId: enrollment.patient_id });
    const tz = enrollment.timezone;
    return {
      episodeId, locationId: enrollment.location_id, status: enrollment.status, timezone: tz,
      items: rows.map((r) => ({
        sessionId: r.session_id, type: r.type, startsAt: formatInZone(r.starts_at, tz), endsAt: formatInZone(r.ends_at, tz), room: r.room,
        virtualLink: r.virtual_link, noCharge: r.no_charge, sessionStatus: r.session_status, booking: r.booking, ...(r.cancel_reason ? { cancelReason: r.cancel_reason } : {}),
        attendance: r.attendance_status ? { status: r.attendance_status, minutesAttended: r.minutes_attended } : null,
        plan: r.plan_id ? { planId: r.plan_id, version: r.plan_version } : null,
      })),
    };
  }
}
