import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Put, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { formatInZone } from '@iop/calendar';
import { type CommandContext, Commands, Ctx, EventStore, loadStream } from '@iop/event-store';
import { CurrentPrincipal, PG_POOL, type Principal, ProblemError, Roles, withTenant } from '@iop/platform';
import { loadLocation } from '../application/calendar';
import { onCallDecider, onCallStream, toInstant } from '../domain/on-call/on-call.decide';
import type { OnCallShift } from '../domain/on-call/on-call.events';
import { onCallAt } from '../domain/on-call/on-call.state';
import { STAFF } from '../shared/staff-roles';
import { OnCallNowDto, OnCallQuery, OnCallRosterChangedDto, ReplaceOnCallDto } from './on-call.dto';

/** Who keeps the roster: the clinic's admin and the clinical supervisor who runs the on-call rota. */
export const ROSTER_KEEPERS = ['admin', 'supervisor'] as const;

const view = (s: OnCallShift, timezone: string) => ({ staffId: s.staffId, from: formatInZone(s.from, timezone), to: formatInZone(s.to, timezone), contact: s.contact });

/**
 * The on-call roster of a location (docs/DOMAIN.md section 8): who answers patients outside the facility, from when
 * to when, and how to reach them. Times are stored as instants and shown in the location's zone.
 */
@ApiTags('on-call')
@Controller('v1/locations/:locationId/on-call')
export class OnCallController {
  constructor(
    @Inject(Commands) private readonly commands: Commands,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  @Put()
  @Roles(...ROSTER_KEEPERS)
  @ApiOperation({ summary: 'Replaces the on-call shifts starting in a period (publishes OnCallRosterChanged); 409 on overlapping shifts unless allowOverlap.' })
  @ApiOkResponse({ type: OnCallRosterChangedDto })
  @ApiConflictResponse({ description: 'Shifts overlap and allowOverlap was not set; nothing was changed.' })
  async replace(@Param('locationId', new ParseUUIDPipe()) locationId: string, @Body() dto: ReplaceOnCallDto, @Ctx() ctx: CommandContext) {
    return this.commands.run(ctx, async (uow) => {
      const { timezone } = await loadLocation(uow.client, ctx.tenantId, locationId);
      const { events } = await uow.decide(onCallStream(locationId), onCallDecider, {
        type: 'ReplaceOnCallRoster', data: { locationId, timezone, ...dto }, metadata: ctx,
      }, ctx);
      const { from, to, shifts, overlapAllowed } = events[0].data;
      return { locationId, timezone, from: formatInZone(from, timezone), to: formatInZone(to, timezone), overlapAllowed, shifts: shifts.map((s) => view(s, timezone)) };
    });
  }

  @Get()
  @Roles(...STAFF)
  @ApiOperation({ summary: 'Who is on call at the location at ?at= (default now), with how to reach them; staff data, no patient data.' })
  @ApiOkResponse({ type: OnCallNowDto })
  async at(@Param('locationId', new ParseUUIDPipe()) locationId: string, @Query() q: OnCallQuery, @CurrentPrincipal() who: Principal) {
    const { timezone } = await withTenant(this.pool, who.tenantId, (c) => loadLocation(c, who.tenantId, locationId));
    const at = q.at === undefined ? new Date().toISOString() : toInstant(q.at, timezone);
    if (!at) throw new ProblemError(400, `at: ${q.at} is not a time.`);
    const { state } = await loadStream(this.store, onCallStream(locationId), onCallDecider, who.tenantId);
    return { locationId, timezone, at: formatInZone(at, timezone), onCall: onCallAt(state.shifts, at).map((s) => view(s, timezone)) };
  }
}
