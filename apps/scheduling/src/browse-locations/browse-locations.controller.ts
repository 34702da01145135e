import { Controller, Get, Inject, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { addDays, mondayOf } from '@iop/calendar';
import { CurrentPrincipal, type KeyedRow, keyset, PageQuery, PG_POOL, type Principal, ProblemError, Roles, withTenant } from '@iop/platform';
import { LOCATION_READERS, STAFF } from '../shared/staff-roles';
import { IsLocalDate } from '../shared/local-date.validator';
import { SESSION_SELECT, toSessionView } from '../read-models/session-view';
import { LocationPageDto, LocationViewDto, LocationWeekDto } from './location-view.dto';

export class WeekQuery {
  @IsLocalDate() start!: string;
}

interface LocationRowView {
  location_id: string; name: string; timezone: string; blocks: unknown; curricula: unknown; configured_at: Date;
}
const LOCATIONS = keyset('scheduling.locations', [{ sql: 'location_id', type: 'uuid' }]);

const toView = (r: LocationRowView) => ({ locationId: r.location_id, name: r.name, timezone: r.timezone, blocks: r.blocks, curricula: r.curricula, configuredAt: r.configured_at.toISOString() });

/**
 * Locations and their calendars: no patient data, so every staff role may read them; the medical director reads the
 * locations (not their sessions) to keep their curricula.
 */
@ApiTags('locations')
@Controller('v1/locations')
export class BrowseLocationsController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  @Roles(...LOCATION_READERS)
  @Get()
  @ApiOperation({ summary: 'The tenant\'s locations (?limit=&cursor=).' })
  @ApiOkResponse({ type: LocationPageDto })
  async list(@Query() q: PageQuery, @CurrentPrincipal() who: Principal) {
    const page = LOCATIONS.request(q);
    const after = LOCATIONS.where(page, 3);
    const { rows } = await withTenant(this.pool, who.tenantId, (c) => c.query<LocationRowView & KeyedRow>(
      `SELECT *, ${LOCATIONS.keySelect} FROM locations WHERE tenant_id = $1 AND ${after.sql} ORDER BY ${LOCATIONS.orderBy} LIMIT $2`,
      [who.tenantId, page.limit + 1, ...after.params]));
    return LOCATIONS.page(rows, page, toView);
  }

  @Roles(...LOCATION_READERS)
  @Get(':id')
  @ApiOperation({ summary: 'One location with its blocks and curricula; no patient data.' })
  @ApiOkResponse({ type: LocationViewDto })
  async get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() who: Principal) {
    const { rows } = await withTenant(this.pool, who.tenantId, (c) => c.query<LocationRowView>('SELECT * FROM locations WHERE location_id = $1 AND tenant_id = $2', [id, who.tenantId]));
    if (!rows[0]) throw new ProblemError(404, `No location ${id}.`);
    return toView(rows[0]);
  }

  @Roles(...STAFF)
  @Get(':id/week')
  @ApiOperation({ summary: 'The location\'s sessions in the Monday-based local week containing ?start=YYYY-MM-DD, with seats and waitlists.' })
  @ApiOkResponse({ type: LocationWeekDto })
  async week(@Param('id', new ParseUUIDPipe()) id: string, @Query() q: WeekQuery, @CurrentPrincipal() who: Principal) {
    const location = await this.get(id, who);
    const weekStart = mondayOf(q.start);
    const { rows } = await withTenant(this.pool, who.tenantId, (c) => c.query(
      `SELECT ${SESSION_SELECT} WHERE s.location_id = $1 AND s.local_date >= $2 AND s.local_date < $3 ORDER BY s.starts_at, s.session_id`,
      [id, weekStart, addDays(weekStart, 7)]));
    return { locationId: id, name: location.name, timezone: location.timezone, weekStart, sessions: rows.map(toSessionView) };
  }
}
