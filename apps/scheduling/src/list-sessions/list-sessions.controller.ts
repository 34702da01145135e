import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { formatInZone, localDateIn } from '@iop/calendar';
import { type CommandContext, Ctx } from '@iop/event-store';
import { CurrentPrincipal, type KeyedRow, keyset, type Page, PG_POOL, type Principal, Roles, withTenant } from '@iop/platform';
import { STAFF } from '../shared/staff-roles';
import { WAITLISTED_COUNT } from '../read-models/places';
import { ListSessionsQuery, type SessionListItemDto, SessionListPageDto } from './list-sessions.dto';

interface SessionDayRow extends KeyedRow {
  session_id: string; location_id: string; location_name: string; timezone: string; local_date: string; type: SessionListItemDto['type'];
  track: string | null; room: string | null; staff_id: string | null; facilitator_role: string; capacity: number; booked: number;
  waitlisted: number; attendance_recorded: number; status: SessionListItemDto['status']; starts_at: Date; ends_at: Date;
}

const SESSIONS_OF_DAY = keyset('scheduling.sessions-of-day', [{ sql: 's.starts_at', type: 'timestamptz' }, { sql: 's.session_id', type: 'uuid' }]);

function toItem(r: SessionDayRow): SessionListItemDto {
  const start = formatInZone(r.starts_at, r.timezone);
  const end = formatInZone(r.ends_at, r.timezone);
  return {
    sessionId: r.session_id, locationId: r.location_id, locationName: r.location_name, timeZone: r.timezone, date: r.local_date,
    localStart: start.slice(11, 16), localEnd: end.slice(11, 16), start, end, type: r.type, track: r.track, room: r.room,
    facilitatorId: r.staff_id, facilitatorRole: r.facilitator_role, capacity: r.capacity, rosterCount: r.booked, waitlisted: r.waitlisted,
    attendanceRecorded: r.attendance_recorded, status: r.status,
  };
}

/**
 * The day's sessions across the tenant's locations (the console's Today screen): counts only, no patient, so the
 * same staff roles as a location's week. "Today" is each location's own calendar day: an evening in Chicago is still
 * today there when UTC has moved on.
 */
@ApiTags('sessions')
@Controller('v1/sessions')
export class ListSessionsController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  @Get()
  @Roles(...STAFF)
  @ApiOperation({ summary: "Sessions held on a local date (?date=, default today in each location's zone), at one location or all (?locationId=), in time order (?limit=&cursor=)." })
  @ApiOkResponse({ type: SessionListPageDto })
  async list(@Query() q: ListSessionsQuery, @CurrentPrincipal() who: Principal, @Ctx() ctx: CommandContext): Promise<Page<SessionListItemDto>> {
    const page = SESSIONS_OF_DAY.request(q);
    const after = SESSIONS_OF_DAY.where(page, 5);
    const rows = await withTenant(this.pool, who.tenantId, async (c) => {
      const locations = await c.query<{ location_id: string; timezone: string }>(
        'SELECT location_id, timezone FROM locations WHERE tenant_id = $1 AND ($2::uuid IS NULL OR location_id = $2::uuid)', [who.tenantId, q.locationId ?? null]);
      // Each location's day: the one asked for, or today on that location's own calendar.
      const days = locations.rows.map((l) => q.date ?? localDateIn(ctx.now, l.timezone));
      const found = await c.query<SessionDayRow>(
        `SELECT s.session_id, s.location_id, l.name AS location_name, l.timezone, s.local_date::text AS local_date, s.type, s.track, s.room,
                s.staff_id, s.facilitator_role, s.capacity, s.booked, ${WAITLISTED_COUNT} AS waitlisted,
                (SELECT count(*) FROM attendance a WHERE a.session_id = s.session_id AND a.tenant_id = s.tenant_id)::int AS attendance_recorded,
                s.status, s.starts_at, s.ends_at, ${SESSIONS_OF_DAY.keySelect}
         FROM unnest($2::uuid[], $3::date[]) AS d(location_id, local_date)
         JOIN sessions s ON s.tenant_id = $1 AND s.location_id = d.location_id AND s.local_date = d.local_date
         JOIN locations l ON l.location_id = s.location_id
         WHERE ${after.sql}
         ORDER BY ${SESSIONS_OF_DAY.orderBy} LIMIT $4`,
        [who.tenantId, locations.rows.map((l) => l.location_id), days, page.limit + 1, ...after.params]);
      return found.rows;
    });
    return SESSIONS_OF_DAY.page(rows, page, toItem);
  }
}
