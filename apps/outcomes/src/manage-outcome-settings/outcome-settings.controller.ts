import { Body, Controller, Get, Inject, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type CommandContext, Commands, Ctx, EventStore } from '@iop/event-store';
import { CurrentPrincipal, type Principal, Roles } from '@iop/platform';
import { outcomeSettingsDecider } from '../domain/outcome-settings/outcome-settings.decide';
import { loadOutcomeSettings } from '../shared/outcome-settings.loader';
import type { OutcomeSettings } from '../domain/outcome-settings/outcome-settings.rules';
import { outcomeSettingsStream } from '../domain/outcome-settings/outcome-settings.state';
import { OutcomeSettingsDto } from './outcome-settings.dto';

/** Plain values in a fixed key order, so saving the same policy twice compares equal and records nothing. */
const plain = ({ measurementSchedule: m, followUps: f }: OutcomeSettingsDto): OutcomeSettings => ({
  measurementSchedule: {
    instruments: [...m.instruments], baselineWithinDays: m.baselineWithinDays, intervalDays: m.intervalDays, leadDays: m.leadDays, atDischarge: m.atDischarge,
  },
  followUps: { offsetsDays: [...f.offsetsDays], windowDays: f.windowDays },
});

@ApiTags('settings')
@Controller('v1/admin/outcome-settings')
export class OutcomeSettingsController {
  constructor(@Inject(EventStore) private readonly store: EventStore, @Inject(Commands) private readonly commands: Commands) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'The tenant\'s measurement schedule and follow-up policy (defaults until saved; role admin).' })
  @ApiOkResponse({ type: OutcomeSettingsDto })
  get(@CurrentPrincipal() principal: Principal): Promise<OutcomeSettings> {
    return loadOutcomeSettings(this.store, principal.tenantId);
  }

  @Put()
  @Roles('admin')
  @ApiOperation({
    summary: 'Replaces the policy (role admin). The schedule applies at once to due/overdue lists; follow-ups use the policy in force at each discharge.',
  })
  @ApiOkResponse({ type: OutcomeSettingsDto })
  @ApiConflictResponse({ description: 'The settings changed concurrently; nothing was changed.' })
  async put(@Body() dto: OutcomeSettingsDto, @Ctx() ctx: CommandContext): Promise<OutcomeSettings> {
    const settings = plain(dto);
    await this.commands.handle(ctx, outcomeSettingsStream(ctx.tenantId), outcomeSettingsDecider, { type: 'ChangeOutcomeSettings', data: { settings }, metadata: ctx });
    return settings;
  }
}
