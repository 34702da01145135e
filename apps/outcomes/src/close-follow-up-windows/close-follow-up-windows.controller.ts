import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { addDays, localDateOf } from '@iop/calendar';
import { type CommandContext, Ctx } from '@iop/event-store';
import { Roles, ProblemError } from '@iop/platform';
import { IsCalendarDate } from '../shared/date-fields';
import { FollowUpWindowCloser } from './follow-up-windows.closer';
import { FollowUpWindowsClosedDto } from './close-follow-up-windows.dto';

class CloseWindowsDto {
  @ApiProperty({ format: 'date', description: 'Follow-ups whose window ended before this day are lost. Not in the future.' })
  @IsCalendarDate()
  asOf!: string;
}

@ApiTags('follow-ups')
@Controller('v1/admin/follow-ups/close-windows')
export class CloseFollowUpWindowsController {
  constructor(@Inject(FollowUpWindowCloser) private readonly closer: FollowUpWindowCloser) {}

  @Post()
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Appends FollowUpLost for every open follow-up of the tenant whose window ended before asOf (role admin). ' +
      'The service runs the same sweep periodically; this runs it now.',
  })
  @ApiOkResponse({ type: FollowUpWindowsClosedDto })
  async close(@Body() dto: CloseWindowsDto, @Ctx() ctx: CommandContext): Promise<{ asOf: string; lost: string[] }> {
    // A future asOf would mark follow-ups lost whose windows are still open: a record nobody could undo.
    if (dto.asOf > addDays(localDateOf(ctx.now), 1)) throw new ProblemError(400, 'asOf must not be in the future.');
    const lost = await this.closer.close(dto.asOf, ctx.tenantId, () => ctx);
    return { asOf: dto.asOf, lost };
  }
}
