import { Controller, Get, Inject, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { AuditLog, CurrentPrincipal, PG_POOL, type Principal, ProblemError, Roles, withTenant } from '@iop/platform';
import { PATIENT_VIEWERS } from '../shared/staff-roles';
import { placesOnSession } from '../read-models/places';
import { SESSION_SELECT, toSessionView } from '../read-models/session-view';
import { SessionRosterDto } from './session-roster.dto';

interface RosterRow {
  episode_id: string; patient_id: string; display_name: string; booking: string; attendance_status: string | null; minutes_attended: number | null;
}

/** Who sits in a session and whether they came: patient data, so every read is audited per patient. */
@ApiTags('sessions')
@Controller('v1/sessions')
export class SessionRosterController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool, @Inject(AuditLog) private readonly audit: AuditLog) {}

  @Get(':id/roster')
  @Roles(...PATIENT_VIEWERS)
  @ApiOperation({ summary: 'The session\'s patients (booked, then waitlisted in order) with their attendance.' })
  @ApiOkResponse({ type: SessionRosterDto })
  async roster(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() who: Principal) {
    const { session, rows } = await withTenant(this.pool, who.tenantId, async (c) => {
      const found = await c.query(`SELECT ${SESSION_SELECT} WHERE s.session_id = $1 AND s.tenant_id = $2`, [id, who.tenantId]);
      const roster = await c.query<RosterRow>(
        `SELECT b.episode_id, e.patient_id, e.display_name, b.status AS booking, a.status AS attendance_status, a.minutes_attended
         FROM ${placesOnSession('$1', '$2')} b JOIN enrollments e ON e.episode_id = b.episode_id
         LEFT JOIN attendance a ON a.session_id = $1 AND a.episode_id = b.episode_id
         ORDER BY b.status, (CASE WHEN b.status = 'waitlisted' THEN b.since END), e.display_name, b.episode_id`, [id, who.tenantId]);
      return { session: found.rows[0], rows: roster.rows };
    });
    if (!session) throw new ProblemError(404, `No session ${id}.`);
    await Promise.all(rows.map((r) => this.audit.record({ actor: who, action: 'read', resource: `session/${id}/roster`, patientId: r.patient_id })));
    return {
      ...toSessionView(session),
      patients: rows.map((r) => ({
        episodeId: r.episode_id, patientId: r.patient_id, displayName: r.display_name, booking: r.booking,
        attendance: r.attendance_status ? { status: r.attendance_status, minutesAttended: r.minutes_attended } : null,
      })),
    };
  }
}
