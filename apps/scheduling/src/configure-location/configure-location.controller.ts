import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { addDays, instantToLocal, mondayOf } from '@iop/calendar';
import type { Track } from '@iop/domain-events';
import { type CommandContext, Commands, Ctx, type UnitOfWork } from '@iop/event-store';
import { Roles } from '@iop/platform';
import { CONFIGURERS, CURRICULUM_KEEPERS } from '../shared/staff-roles';
import { ensureSeries, loadLocation, loadSettings, type LocationRow } from '../application/calendar';
import { replanGeneratedWeeks } from '../application/replan-curriculum';
import { locationDecider, type LocationCommand } from '../domain/location/location.decide';
import { BlocksDto, BlocksReplacedDto, ConfigureLocationDto, CurriculumDto, CurriculumSavedDto, GenerateSeriesDto, LocationCreatedDto, SeriesScheduledDto } from './location.dto';

/** A new location's series reaches this far (the issue: "the next 4 weeks"). */
const INITIAL_WEEKS = 4;

@ApiTags('locations')
@Controller('v1/locations')
export class ConfigureLocationController {
  constructor(@Inject(Commands) private readonly commands: Commands) {}

  @Post()
  @HttpCode(201)
  @Roles(...CONFIGURERS)
  @ApiOperation({ summary: 'Creates a location with its session blocks (publishes LocationConfigured) and schedules its next 4 weeks.' })
  @ApiCreatedResponse({ type: LocationCreatedDto })
  async create(@Body() dto: ConfigureLocationDto, @Ctx() ctx: CommandContext): Promise<{ locationId: string; sessionsScheduled: number }> {
    const locationId = randomUUID();
    const { curricula, ...location } = dto;
    const data = { ...location, locationId, ...(curricula?.length ? { curricula: curricula.map(curriculumOf) } : {}) };
    const sessionsScheduled = await this.configure(locationId, ctx, { type: 'ConfigureLocation', data, metadata: ctx }, INITIAL_WEEKS);
    return { locationId, sessionsScheduled };
  }

  @Put(':id/blocks')
  @Roles(...CONFIGURERS)
  @ApiOperation({ summary: 'Replaces the blocks (publishes LocationConfigured). Weeks already scheduled keep their sessions.' })
  @ApiOkResponse({ type: BlocksReplacedDto })
  @ApiConflictResponse({ description: 'The location changed concurrently; nothing was changed.' })
  async replaceBlocks(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: BlocksDto, @Ctx() ctx: CommandContext) {
    await this.configure(id, ctx, { type: 'ReplaceBlocks', data: { blocks: dto.blocks }, metadata: ctx }, 0);
    return { locationId: id, blocks: dto.blocks };
  }

  @Put(':locationId/curriculum')
  @Roles(...CURRICULUM_KEEPERS)
  @ApiOperation({
    summary: 'Saves a version of a track\'s curriculum: each block day divided into typed sessions, from effectiveFrom on. A week that could not meet the program\'s hours rule is refused (400, naming the days and hours). Weeks already generated are re-planned from effectiveFrom: sessions nobody attended that have not begun are replaced by the version\'s (cancelled, the new ones created, enrolled episodes moved onto them); sessions begun or attended stay. The answer says what was replaced (`replaced`; `weeksKept`: weeks with sessions left as they were held).',
  })
  @ApiOkResponse({ type: CurriculumSavedDto })
  @ApiConflictResponse({ description: 'The location changed concurrently; nothing was changed.' })
  async curriculum(@Param('locationId', new ParseUUIDPipe()) id: string, @Body() dto: CurriculumDto, @Ctx() ctx: CommandContext) {
    const curriculum = curriculumOf(dto);
    const { weeksHeld, ...replaced } = await this.commands.run(ctx, async (uow) => {
      const { minHoursPerDay, minDaysPerWeek } = await loadSettings(uow.client, ctx.tenantId);
      await uow.decide({ id: `location-${id}`, type: 'location' }, locationDecider, { type: 'SetCurriculum', data: { ...curriculum, rule: { minHoursPerDay, minDaysPerWeek } }, metadata: ctx }, ctx);
      return replanGeneratedWeeks(uow, ctx, await loadLocation(uow.client, ctx.tenantId, id), curriculum);
    });
    return { locationId: id, ...curriculum, weeksKept: weeksHeld, replaced };
  }

  @Post(':id/series')
  @HttpCode(201)
  @Roles(...CONFIGURERS)
  @ApiOperation({ summary: 'Schedules the block sessions of the coming weeks (weeks already scheduled are left as they are).' })
  @ApiCreatedResponse({ type: SeriesScheduledDto })
  async series(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: GenerateSeriesDto, @Ctx() ctx: CommandContext) {
    return this.commands.run(ctx, async (uow) => {
      const location = await loadLocation(uow.client, ctx.tenantId, id);
      const weeks = weeksFrom(dto.from ?? instantToLocal(ctx.now, location.timezone).date, dto.weeks);
      const sessionsScheduled = await scheduleWeeks(uow, ctx, location, weeks);
      return { locationId: id, weeks, sessionsScheduled };
    });
  }

  private configure(id: string, ctx: CommandContext, command: LocationCommand, weeks: number): Promise<number> {
    return this.commands.run(ctx, async (uow) => {
      if (command.type === 'ConfigureLocation' && command.data.curricula) {
        const { minHoursPerDay, minDaysPerWeek } = await loadSettings(uow.client, ctx.tenantId);
        command = { ...command, data: { ...command.data, rule: { minHoursPerDay, minDaysPerWeek } } };
      }
      await uow.decide({ id: `location-${id}`, type: 'location' }, locationDecider, command, ctx);
      if (weeks === 0) return 0;
      const location = await loadLocation(uow.client, ctx.tenantId, id);
      return scheduleWeeks(uow, ctx, location, weeksFrom(instantToLocal(ctx.now, location.timezone).date, weeks));
    });
  }
}

const curriculumOf = (dto: CurriculumDto) => ({
  track: dto.track, effectiveFrom: dto.effectiveFrom, sessions: dto.sessions.map(({ day, start, end, type }) => ({ day, start, end, type })),
});

const weeksFrom = (date: string, count: number) => Array.from({ length: count }, (_, i) => addDays(mondayOf(date), 7 * i));

async function scheduleWeeks(uow: UnitOfWork, ctx: CommandContext, location: LocationRow, weeks: string[]) {
  let scheduled = 0;
  for (const track of new Set<Track>(location.blocks.map((b) => b.track))) scheduled += await ensureSeries(uow, ctx, location, track, 'program', weeks);
  return scheduled;
}
