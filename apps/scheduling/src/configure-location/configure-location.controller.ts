import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { addDays, instantToLocal, mondayOf } from '@iop/calendar';
import type { Track } from '@iop/domain-events';
import { type CommandContext, Ctx, EventStore, handle, toEventMetadata } from '@iop/event-store';
import { Roles } from '@iop/platform';
import { CONFIGURERS } from '../access/staff-roles';
import { ensureSeries, loadLocation, type LocationRow } from '../application/calendar';
import { inTenantTransaction } from '../application/tenant-transaction';
import { locationDecider, type LocationCommand } from '../location/location.decide';
import { BlocksDto, ConfigureLocationDto, GenerateSeriesDto } from './location.dto';

/** A new location's series reaches this far (the issue: "the next 4 weeks"). */
const INITIAL_WEEKS = 4;

@ApiTags('locations')
@Controller('v1/locations')
export class ConfigureLocationController {
  constructor(@Inject(EventStore) private readonly store: EventStore) {}

  @Post()
  @HttpCode(201)
  @Roles(...CONFIGURERS)
  @ApiOperation({ summary: 'Creates a location with its session blocks (publishes LocationConfigured) and schedules its next 4 weeks.' })
  async create(@Body() dto: ConfigureLocationDto, @Ctx() ctx: CommandContext): Promise<{ locationId: string; sessionsScheduled: number }> {
    const locationId = randomUUID();
    const sessionsScheduled = await this.configure(locationId, ctx, { type: 'ConfigureLocation', data: { ...dto, locationId }, metadata: ctx }, INITIAL_WEEKS);
    return { locationId, sessionsScheduled };
  }

  @Put(':id/blocks')
  @Roles(...CONFIGURERS)
  @ApiOperation({ summary: 'Replaces the blocks (publishes LocationConfigured). Weeks already scheduled keep their sessions.' })
  @ApiConflictResponse({ description: 'The location changed concurrently; nothing was changed.' })
  async replaceBlocks(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: BlocksDto, @Ctx() ctx: CommandContext) {
    await this.configure(id, ctx, { type: 'ReplaceBlocks', data: { blocks: dto.blocks }, metadata: ctx }, 0);
    return { locationId: id, blocks: dto.blocks };
  }

  @Post(':id/series')
  @HttpCode(201)
  @Roles(...CONFIGURERS)
  @ApiOperation({ summary: 'Schedules the block sessions of the coming weeks (weeks already scheduled are left as they are).' })
  async series(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: GenerateSeriesDto, @Ctx() ctx: CommandContext) {
    return inTenantTransaction(this.store, ctx.tenantId, async (client) => {
      const location = await loadLocation(client, ctx.tenantId, id);
      const weeks = weeksFrom(dto.from ?? instantToLocal(ctx.now, location.timezone).date, dto.weeks);
      const sessionsScheduled = await scheduleWeeks(this.store, client, ctx, location, weeks);
      return { locationId: id, weeks, sessionsScheduled };
    });
  }

  private configure(id: string, ctx: CommandContext, command: LocationCommand, weeks: number): Promise<number> {
    return inTenantTransaction(this.store, ctx.tenantId, async (client) => {
      await handle(this.store, { id: `location-${id}`, type: 'location' }, locationDecider, (s) => locationDecider.decide(command, s), toEventMetadata(ctx), { client });
      if (weeks === 0) return 0;
      const location = await loadLocation(client, ctx.tenantId, id);
      return scheduleWeeks(this.store, client, ctx, location, weeksFrom(instantToLocal(ctx.now, location.timezone).date, weeks));
    });
  }
}

const weeksFrom = (date: string, count: number) => Array.from({ length: count }, (_, i) => addDays(mondayOf(date), 7 * i));

async function scheduleWeeks(store: EventStore, client: Parameters<typeof ensureSeries>[1], ctx: CommandContext, location: LocationRow, weeks: string[]) {
  let scheduled = 0;
  for (const track of new Set<Track>(location.blocks.map((b) => b.track))) scheduled += await ensureSeries(store, client, ctx, location, track, 'program', weeks);
  return scheduled;
}
