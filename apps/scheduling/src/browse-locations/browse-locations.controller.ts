import { Controller, Get, Inject, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import type { Pool } from 'pg';
import { CurrentPrincipal, PG_POOL, type Principal, ProblemError, Roles, withTenant } from '@iop/platform';
import { STAFF } from '../access/staff-roles';
import { IsLocalDate } from '../http/local-date.validator';
import { SESSION_SELECT, toSessionView } from '../read-models/session-view';
import { addDays, mondayOf } from '../time/local-time';

export class ListQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @IsOptional() @IsUUID() cursor?: string;
}

export class WeekQuery {
  @IsLocalDate() start!: string;
}

interface LocationRowView {
  location_id: string; name: string; timezone: string; blocks: unknown; configured_at: Date;
}
const toView = (r: LocationRowView) => ({ locationId: r.location_id, name: r.name, timezone: r.timezone, blocks: r.blocks, configuredAt: r.configured_at.toISOString() });

/** Locations and their calendars: no patient data, so every staff role may read them. */
@ApiTags('locations')
@Controller('v1/locations')
export class BrowseLocationsController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  @Roles(...STAFF)
  @Get()
  @ApiOperation({ summary: 'The tenant\'s locations (?limit=&cursor=).' })
  async list(@Query() q: ListQuery, @CurrentPrincipal() who: Principal) {
    const limit = q.limit ?? 50;
    const { rows } = await withTenant(this.pool, who.tenantId, (c) => c.query<LocationRowView>(
      'SELECT * FROM locations WHERE tenant_id = $1 AND ($2::uuid IS NULL OR location_id > $2) ORDER BY location_id LIMIT $3', [who.tenantId, q.cursor ?? null, limit + 1]));
    const items = rows.slice(0, limit).map(toView);
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].locationId : null };
  }

  @Roles(...STAFF)
  @Get(':id')
  async get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() who: Principal) {
    const { rows } = await withTenant(this.pool, who.tenantId, (c) => c.query<LocationRowView>('SELECT * FROM locations WHERE location_id = $1 AND tenant_id = $2', [id, who.tenantId]));
    if (!rows[0]) throw new ProblemError(404, `No location ${id}.`);
    return toView(rows[0]);
  }

  @Roles(...STAFF)
  @Get(':id/week')
  @ApiOperation({ summary: 'The location\'s sessions in the Monday-based local week containing ?start=YYYY-MM-DD, with seats and waitlists.' })
  async week(@Param('id', new ParseUUIDPipe()) id: string, @Query() q: WeekQuery, @CurrentPrincipal() who: Principal) {
    const location = await this.get(id, who);
    const weekStart = mondayOf(q.start);
    const { rows } = await withTenant(this.pool, who.tenantId, (c) => c.query(
      `SELECT ${SESSION_SELECT} WHERE s.location_id = $1 AND s.local_date >= $2 AND s.local_date < $3 ORDER BY s.starts_at, s.session_id`,
      [id, weekStart, addDays(weekStart, 7)]));
    return { locationId: id, name: location.name, timezone: location.timezone, weekStart, sessions: rows.map(toSessionView) };
  }
}
