import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { CurrentPrincipal, PG_POOL, type Principal, ProblemError, Roles, withTenant } from '@iop/platform';
import { PATIENT_VIEWERS } from '../shared/staff-roles';
import { IsLocalDate } from '../shared/local-date.validator';
import { SESSION_SELECT, toSessionView } from '../read-models/session-view';
import { FacilitatorDayDto } from './facilitator-day.dto';

const STAFF_ID = /^[\x21-\x7e]{1,100}$/;

export class DayQuery {
  @IsLocalDate() date!: string;
}

/** A facilitator's sessions on a local date (each in its own location's calendar), with seat counts only. */
@ApiTags('sessions')
@Controller('v1/facilitators')
export class FacilitatorDayController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  @Get(':staffId/day')
  @Roles(...PATIENT_VIEWERS)
  @ApiOperation({ summary: 'Sessions of one facilitator (staff id) on ?date=YYYY-MM-DD.' })
  @ApiOkResponse({ type: FacilitatorDayDto })
  @ApiParam({ name: 'staffId', schema: { type: 'string', pattern: STAFF_ID.source } })
  async day(@Param('staffId') staffId: string, @Query() q: DayQuery, @CurrentPrincipal() who: Principal) {
    if (!STAFF_ID.test(staffId)) throw new ProblemError(400, 'staffId is 1-100 visible characters.');
    const { rows } = await withTenant(this.pool, who.tenantId, (c) => c.query(
      `SELECT ${SESSION_SELECT} WHERE s.staff_id = $1 AND s.local_date = $2 AND s.tenant_id = $3 ORDER BY s.starts_at, s.session_id`, [staffId, q.date, who.tenantId]));
    return { staffId, date: q.date, sessions: rows.map(toSessionView) };
  }
}
