import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool, PoolClient } from 'pg';
import { formatInZone } from '@iop/calendar';
import { type CommandContext, Ctx, EventStore, handle, toEventMetadata } from '@iop/event-store';
import { CurrentPrincipal, PG_POOL, type Principal, ProblemError, Roles, withTenant } from '@iop/platform';
import { CONFIGURERS, STAFF } from '../access/staff-roles';
import { loadLocation } from '../application/calendar';
import { inTenantTransaction } from '../application/tenant-transaction';
import { enrollmentDecider } from '../enrollment/enrollment.decide';
import { SESSION_SELECT, toSessionView } from '../read-models/session-view';
import { sessionDecider, type SessionCommand } from '../session/session.decide';
import { placesOnSession } from '../read-models/places';
import { CancelSessionDto, ScheduleSessionDto } from './schedule-session.dto';

const sessionStream = (id: string) => ({ id: `session-${id}`, type: 'session' });

@ApiTags('sessions')
@Controller('v1/sessions')
export class ScheduleSessionController {
  constructor(@Inject(EventStore) private readonly store: EventStore, @Inject(PG_POOL) private readonly pool: Pool) {}

  @Post()
  @HttpCode(201)
  @Roles(...CONFIGURERS)
  @ApiOperation({ summary: 'Schedules a one-off session (publishes SessionScheduled); 409 when the facilitator or room is taken.' })
  @ApiNotFoundResponse({ description: 'No location with this locationId.' })
  async schedule(@Body() dto: ScheduleSessionDto, @Ctx() ctx: CommandContext): Promise<{ sessionId: string }> {
    const sessionId = randomUUID();
    await inTenantTransaction(this.store, ctx.tenantId, async (client) => {
      const location = await loadLocation(client, ctx.tenantId, dto.locationId);
      const times = { startsAt: formatInZone(dto.startsAt, location.timezone), endsAt: formatInZone(dto.endsAt, location.timezone) };
      const command: SessionCommand = { type: 'ScheduleSession', data: { ...dto, ...times, sessionId, groupSizeLimit: location.settings.groupSizeLimit }, metadata: ctx };
      await handle(this.store, sessionStream(sessionId), sessionDecider, (s) => sessionDecider.decide(command, s), toEventMetadata(ctx), { client });
    });
    return { sessionId };
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles(...CONFIGURERS)
  @ApiOperation({ summary: 'Cancels a session (publishes SessionCancelled) and releases its seats and waitlist places.' })
  async cancel(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: CancelSessionDto, @Ctx() ctx: CommandContext) {
    const released = await inTenantTransaction(this.store, ctx.tenantId, async (client) => {
      await handle(this.store, sessionStream(id), sessionDecider,
        (s) => sessionDecider.decide({ type: 'CancelSession', data: dto, metadata: ctx }, s), toEventMetadata(ctx), { client });
      return releaseBookings(this.store, client, ctx, id);
    });
    return { sessionId: id, status: 'cancelled', releasedBookings: released };
  }

  @Roles(...STAFF)
  @Get(':id')
  @ApiOperation({ summary: 'A session with its seats (booked, waitlisted); no patient data.' })
  async get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() who: Principal) {
    const { rows } = await withTenant(this.pool, who.tenantId, (c) => c.query(`SELECT ${SESSION_SELECT} WHERE s.session_id = $1 AND s.tenant_id = $2`, [id, who.tenantId]));
    if (!rows[0]) throw new ProblemError(404, `No session ${id}.`);
    return toSessionView(rows[0]);
  }
}

/** Each booked or waitlisted episode learns of the cancellation on its own stream (its weeks no longer count the session). */
async function releaseBookings(store: EventStore, client: PoolClient, ctx: CommandContext, sessionId: string): Promise<number> {
  const { rows } = await client.query<{ episode_id: string }>(
    `SELECT DISTINCT episode_id FROM ${placesOnSession('$1', '$2')} p ORDER BY episode_id`, [sessionId, ctx.tenantId]);
  for (const { episode_id } of rows) {
    await handle(store, { id: `enrollment-${episode_id}`, type: 'enrollment' }, enrollmentDecider,
      (s) => enrollmentDecider.decide({ type: 'ReleaseCancelledSession', data: { sessionId }, metadata: ctx }, s), toEventMetadata(ctx), { client });
  }
  return rows.length;
}
