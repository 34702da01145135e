import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { type CommandContext, Commands, Ctx, EventStore } from '@iop/event-store';
import { Roles } from '@iop/platform';
import { CONFIGURERS } from '../access/staff-roles';
import { closeWeeksBefore, type CloseWeeksResult } from '../application/close-weeks';
import { IsLocalDate } from '../http/local-date.validator';

export class CloseWeeksDto {
  @ApiProperty({ example: '2026-11-30', description: 'Weeks that end on or before this local date (their next Monday) are summarized.' })
  @IsLocalDate() before!: string;
}

@ApiTags('operations')
@Controller('v1/admin/close-weeks')
export class CloseWeeksController {
  constructor(@Inject(EventStore) private readonly store: EventStore, @Inject(Commands) private readonly commands: Commands) {}

  @Post()
  @HttpCode(200)
  @Roles(...CONFIGURERS)
  @ApiOperation({ summary: 'Summarizes every open program week ending before a date (publishes WeeklyAttendanceSummarized and breaches).' })
  close(@Body() dto: CloseWeeksDto, @Ctx() ctx: CommandContext): Promise<CloseWeeksResult> {
    return closeWeeksBefore(this.store, this.commands, ctx, dto.before);
  }
}
