import { Controller, Get, Inject, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { instantToLocal } from '@iop/calendar';
import { type CommandContext, Ctx, EventStore } from '@iop/event-store';
import { AuditLog, CurrentPrincipal, PG_POOL, type Principal, ProblemError, Roles, withTenant } from '@iop/platform';
import { PATIENT_VIEWERS } from '../shared/staff-roles';
import { loadEnrollment } from '../application/load-enrollment';
import { weekView, weeksShown } from '../domain/enrollment/program-weeks';
import { type EnrollmentBookingRow, toEnrollmentView } from './enrollment-view';
import { placesOfEpisode } from '../read-models/places';
import { EnrollmentDto, EnrollmentWeeksDto } from './enrollment-views.dto';

/** The contract of journey step 4, plus the waitlist, the plan's status and whether it meets the program rule. */
@ApiTags('enrollments')
@Controller('v1/enrollments')
export class EnrollmentViewsController {
  constructor(
    @Inject(EventStore) private readonly store: EventStore, @Inject(PG_POOL) private readonly pool: Pool, @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  @Get(':episodeId')
  @Roles(...PATIENT_VIEWERS)
  @ApiOperation({
    summary: 'The episode\'s enrollment and bookings (404 until PatientAdmitted has been consumed). status: active, discharged, ' +
      'alumni, or cancelled (admissions cancelled the episode before it started: no bookings or waitlist places left).',
  })
  @ApiOkResponse({ type: EnrollmentDto })
  async get(@Param('episodeId', new ParseUUIDPipe()) episodeId: string, @CurrentPrincipal() who: Principal) {
    const { enrollment: e, bookings } = await withTenant(this.pool, who.tenantId, async (c) => {
      const found = await c.query(
        `SELECT patient_id, location_id, track, status, timezone, start_date::text, planned_end_date::text, weekly_hours_planned,
           min_hours_per_day, min_days_per_week
         FROM enrollments WHERE episode_id = $1 AND tenant_id = $2`, [episodeId, who.tenantId]);
      const rows = await c.query<EnrollmentBookingRow>(
        `SELECT b.session_id, s.type, s.starts_at, s.ends_at, s.no_charge, b.status FROM ${placesOfEpisode('$1', '$2')} b JOIN sessions s ON s.session_id = b.session_id
         WHERE b.status IN ('booked', 'waitlisted') ORDER BY s.starts_at, b.session_id`, [episodeId, who.tenantId]);
      return { enrollment: found.rows[0], bookings: rows.rows };
    });
    if (!e) throw new ProblemError(404, `No enrollment for episode ${episodeId} (yet).`);
    await this.audit.record({ actor: who, action: 'read', resource: `enrollment/${episodeId}`, patientId: e.patient_id });
    return toEnrollmentView(episodeId, e, bookings);
  }

  @Get(':episodeId/weeks')
  @Roles(...PATIENT_VIEWERS)
  @ApiOperation({ summary: 'Weekly attendance in the location\'s Monday-based weeks: hours, days, days with the minimum hours, compliance.' })
  @ApiOkResponse({ type: EnrollmentWeeksDto })
  async weeks(@Param('episodeId', new ParseUUIDPipe()) episodeId: string, @CurrentPrincipal() who: Principal, @Ctx() ctx: CommandContext) {
    const enrollment = await loadEnrollment(this.store, who.tenantId, episodeId);
    await this.audit.record({ actor: who, action: 'read', resource: `enrollment/${episodeId}/weeks`, patientId: enrollment.patientId });
    const today = instantToLocal(ctx.now, enrollment.timezone).date;
    const items = weeksShown(enrollment, today).map((w) => weekView(enrollment, w));
    return { episodeId, timezone: enrollment.timezone, rule: enrollment.rule, items };
  }
}
