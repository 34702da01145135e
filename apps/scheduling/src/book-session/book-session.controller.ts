import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { type CommandContext, Commands, Ctx } from '@iop/event-store';
import { CurrentPrincipal, type Principal, ProblemError, Roles } from '@iop/platform';
import { BOOKERS } from '../shared/staff-roles';
import { lockSessionSeats } from '../application/seats';
import { enrollmentDecider } from '../domain/enrollment/enrollment.decide';
import type { Enrollment } from '../domain/enrollment/enrollment.state';
import { AlumniLeftDto, SessionBookedDto } from './book-session.dto';

export class BookSessionDto {
  @ApiProperty() @IsUUID() sessionId!: string;
}

@ApiTags('enrollments')
@Controller('v1/enrollments')
export class BookSessionController {
  constructor(@Inject(Commands) private readonly commands: Commands) {}

  @Post(':episodeId/bookings')
  @HttpCode(201)
  @Roles(...BOOKERS)
  @ApiOperation({ summary: 'Books an individual, family or psychiatric session on top of the track (409 when full or overlapping).' })
  @ApiCreatedResponse({ type: SessionBookedDto })
  async book(@Param('episodeId', new ParseUUIDPipe()) episodeId: string, @Body() dto: BookSessionDto, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal) {
    await this.commands.run(ctx, async (uow) => {
      const session = (await lockSessionSeats(uow.client, ctx.tenantId, [dto.sessionId])).get(dto.sessionId);
      if (!session) throw new ProblemError(404, `No session ${dto.sessionId}.`);
      if (session.status === 'cancelled') throw new ProblemError(409, 'The session was cancelled.', undefined, 'session-cancelled');
      const { series, status: _status, locationId: _location, ...candidate } = session;
      const { state } = await uow.decide({ id: `enrollment-${episodeId}`, type: 'enrollment' }, enrollmentDecider,
        { type: 'BookSession', data: { candidate, fromSeries: series !== null }, metadata: ctx }, ctx);
      await uow.audit({ actor: who, action: 'create', resource: `enrollment/${episodeId}/booking/${dto.sessionId}`, patientId: (state as Enrollment).patientId });
    });
    return { episodeId, sessionId: dto.sessionId, status: 'booked' };
  }

  @Post(':episodeId/alumni/leave')
  @HttpCode(200)
  @Roles(...BOOKERS)
  @ApiOperation({ summary: 'Ends the episode\'s alumni program: its alumni seats from now on go back (409 when it is not in the alumni program; repeating it changes nothing).' })
  @ApiOkResponse({ type: AlumniLeftDto })
  async leaveAlumni(@Param('episodeId', new ParseUUIDPipe()) episodeId: string, @Ctx() ctx: CommandContext, @CurrentPrincipal() who: Principal) {
    const { events } = await this.commands.run(ctx, async (uow) => {
      const decision = await uow.decide({ id: `enrollment-${episodeId}`, type: 'enrollment' }, enrollmentDecider, { type: 'LeaveAlumni', data: { leftAt: ctx.now }, metadata: ctx }, ctx);
      await uow.audit({ actor: who, action: 'update', resource: `enrollment/${episodeId}/alumni`, patientId: (decision.state as Enrollment).patientId });
      return decision;
    });
    const cancelled = events.find((e) => e.type === 'BookingsCancelled')?.data as { sessionIds: string[] } | undefined;
    return { episodeId, status: 'left', sessionsReleased: cancelled?.sessionIds.length ?? 0 };
  }
}
