import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Pool } from 'pg';
import { formatInZone } from '@iop/calendar';
import { type CommandContext, Commands, Ctx, type UnitOfWork } from '@iop/event-store';
import { CurrentPrincipal, PG_POOL, type Principal, ProblemError, Roles, withTenant } from '@iop/platform';
import { CONFIGURERS, STAFF } from '../shared/staff-roles';
import { loadLocation } from '../application/calendar';
import { enrollmentDecider } from '../domain/enrollment/enrollment.decide';
import { SESSION_SELECT, toSessionView } from '../read-models/session-view';
import { SessionViewDto } from '../read-models/session-view.dto';
import { sessionDecider, type SessionCommand } from '../domain/session/session.decide';
import { placesOnSession } from '../read-models/places';
import { CancelSessionDto, ScheduleSessionDto, SessionCancelledDto, SessionScheduledDto } from './schedule-session.dto';

const sessionStream = (id: string) => ({ id: `session-${id}`, type: 'session' });

@ApiTags('sessions')
@Controller('v1/sessions')
export class ScheduleSessionController {
  constructor(@Inject(Commands) private readonly commands: Commands, @Inject(PG_POOL) private readonly pool: Pool) {}

  @Post()
  @HttpCode(201)
  @Roles(...CONFIGURERS)
  @ApiOperation({ summary: 'Schedules a one-off session (publishes SessionScheduled); 409 when the facilitator or room is taken.' })
  @ApiCreatedResponse({ type: SessionScheduledDto })
  @ApiNotFoundResponse({ description: 'No location with this locationId.' })
  async schedule(@Body() dto: ScheduleSessionDto, @Ctx() ctx: CommandContext): Promise<{ sessionId: string }> {
    const sessionId = randomUUID();
    await this.commands.run(ctx, async (uow) => {
      const location = await loadLocation(uow.client, ctx.tenantId, dto.locationId);
      const times = { startsAt: formatInZone(dto.startsAt, location.timezone), endsAt: formatInZone(dto.endsAt, location.timezone) };
      const command: SessionCommand = { type: 'ScheduleSession', data: { ...dto, ...times, sessionId, groupSizeLimit: location.settings.groupSizeLimit }, metadata: ctx };
      await uow.decide(sessionStream(sessionId), sessionDecider, command, ctx);
    });
    return { sessionId };
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles(...CONFIGURERS)
  @ApiOperation({ summary: 'Cancels a session (publishes SessionCancelled) and releases its seats and waitlist places.' })
  @ApiOkResponse({ type: SessionCancelledDto })
  async cancel(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: CancelSessionDto, @Ctx() ctx: CommandContext) {
    const released = await this.commands.run(ctx, async (uow) => {
      await uow.decide(sessionStream(id), sessionDecider, { type: 'CancelSession', data: dto, metadata: ctx }, ctx);
      return releaseBookings(uow, ctx, id);
    });
    return { sessionId: id, status: 'cancelled', releasedBookings: released };
  }

  @Roles(...STAFF)
  @Get(':id')
  @ApiOperation({ summary: 'A session with its seats (booked, waitlisted); no patient data.' })
  @ApiOkResponse({ type: SessionViewDto })
  async get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() who: Principal) {
    const { rows } = await withTenant(this.pool, who.tenantId, (c) => c.query(`SELECT ${SESSION_SELECT} WHERE s.session_id = $1 AND s.tenant_id = $2`, [id, who.tenantId]));
    if (!rows[0]) throw new ProblemError(404, `No session ${id}.`);
    return toSessionView(rows[0]);
  }
}

/** Each booked or waitlisted episode learns of the cancellation on its own stream (its weeks no longer count the session). */
async function releaseBookings(uow: UnitOfWork, ctx: CommandContext, sessionId: string): Promise<number> {
  const { rows } = await uow.client.query<{ episode_id: string }>(
    `SELECT DISTINCT episode_id FROM ${placesOnSession('$1', '$2')} p ORDER BY episode_id`, [sessionId, ctx.tenantId]);
  // One read of every episode's stream, one append.
  await uow.decideAll(rows.map(({ episode_id }) => ({
    stream: { id: `enrollment-${episode_id}`, type: 'enrollment' }, decider: enrollmentDecider, command: { type: 'ReleaseCancelledSession' as const, data: { sessionId }, metadata: ctx }, ctx,
  })));
  return rows.length;
}
