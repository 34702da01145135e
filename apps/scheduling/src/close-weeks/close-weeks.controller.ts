import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { type CommandContext, Commands, Ctx, EventStore } from '@iop/event-store';
import { ProblemError, Roles } from '@iop/platform';
import { CONFIGURERS } from '../shared/staff-roles';
import { closeWeeksBefore, type CloseWeeksResult } from '../application/close-weeks';
import { extendAlumni, type ExtendAlumniResult } from '../application/enroll-alumni';
import { IsLocalDate } from '../shared/local-date.validator';
import { AlumniExtendedDto, WeeksClosedDto } from './close-weeks.dto';

export class CloseWeeksDto {
  @ApiProperty({ example: '2026-11-30', description: 'Weeks that end on or before this local date (their next Monday) are summarized. Not in the future; weeks still under way in a location\'s own time zone are left open.' })
  @IsLocalDate() before!: string;
}

@ApiTags('operations')
@Controller('v1/admin/alumni/extend')
export class ExtendAlumniController {
  constructor(@Inject(EventStore) private readonly store: EventStore, @Inject(Commands) private readonly commands: Commands) {}

  @Post()
  @HttpCode(200)
  @Roles(...CONFIGURERS)
  @ApiOperation({ summary: 'The weekly alumni step now (the close-weeks job runs it too): books each alumnus\' coming weeks, or ends the booking of one who missed the configured number of sessions in a row.' })
  @ApiOkResponse({ type: AlumniExtendedDto })
  extend(@Ctx() ctx: CommandContext): Promise<ExtendAlumniResult> {
    return extendAlumni(this.store, this.commands, new Date(ctx.now), ctx.tenantId);
  }
}

@ApiTags('operations')
@Controller('v1/admin/close-weeks')
export class CloseWeeksController {
  constructor(@Inject(EventStore) private readonly store: EventStore, @Inject(Commands) private readonly commands: Commands) {}

  @Post()
  @HttpCode(200)
  @Roles(...CONFIGURERS)
  @ApiOperation({ summary: 'Summarizes every open program week ending before a date (publishes WeeklyAttendanceSummarized and breaches).' })
  @ApiOkResponse({ type: WeeksClosedDto })
  close(@Body() dto: CloseWeeksDto, @Ctx() ctx: CommandContext): Promise<CloseWeeksResult> {
    // A date after today everywhere (UTC+14, where the day starts first) is in the future for every location; each
    // location's own today also bounds what is closed (closeWeeksBefore), so no week under way gets a summary.
    const latest = new Date(Date.parse(ctx.now) + 14 * 3_600_000).toISOString().slice(0, 10);
    if (dto.before > latest) {
      throw new ProblemError(400, `before (${dto.before}) is in the future: weeks are summarized once they have ended.`, [{ path: 'before', message: `must not be after ${latest}` }], 'validation');
    }
    return closeWeeksBefore(this.store, this.commands, ctx, dto.before);
  }
}
