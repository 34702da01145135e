import { Body, Controller, Get, Inject, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import type { Pool } from 'pg';
import { type CommandContext, Commands, Ctx } from '@iop/event-store';
import { CurrentPrincipal, PG_POOL, type Principal, Roles, withTenant } from '@iop/platform';
import { CONFIGURERS, STAFF } from '../shared/staff-roles';
import { loadSettings } from '../application/calendar';
import { DEFAULT_PROGRAM_SETTINGS } from '../domain/program/program-rules';
import { programSettingsDecider } from '../domain/program-settings/program-settings.decide';
import { ProgramSettingsViewDto } from './program-settings.dto';

export class ProgramSettingsDto {
  @ApiProperty({ example: 12, description: 'Seats per group session.' }) @IsInt() @Min(1) @Max(50) groupSizeLimit!: number;
  @ApiProperty({ example: 3 }) @IsNumber() @Min(0) @Max(24) minHoursPerDay!: number;
  @ApiProperty({ example: 4 }) @IsInt() @Min(0) @Max(7) minDaysPerWeek!: number;
  @ApiPropertyOptional({ example: 4, default: 4, description: 'Alumni sessions missed in a row after which an alumnus has stopped coming (their weekly booking ends).' })
  @IsOptional() @IsInt() @Min(1) @Max(52) alumniMissedSessionsLimit?: number;
}

/** The tenant's program policy: group size limit and hours rule (default 12 seats, 3 h on 4 days a week). */
@ApiTags('program settings')
@Controller('v1/program-settings')
export class ProgramSettingsController {
  constructor(@Inject(Commands) private readonly commands: Commands, @Inject(PG_POOL) private readonly pool: Pool) {}

  @Roles(...STAFF)
  @Get()
  @ApiOkResponse({ type: ProgramSettingsViewDto })
  async get(@CurrentPrincipal() who: Principal) {
    return withTenant(this.pool, who.tenantId, (c) => loadSettings(c, who.tenantId));
  }

  @Put()
  @Roles(...CONFIGURERS)
  @ApiOperation({ summary: 'Replaces the settings; new enrollments and new sessions use them, existing ones keep theirs.' })
  @ApiOkResponse({ type: ProgramSettingsViewDto })
  @ApiConflictResponse({ description: 'The settings changed concurrently; nothing was changed.' })
  async put(@Body() dto: ProgramSettingsDto, @Ctx() ctx: CommandContext) {
    const settings = { ...dto, alumniMissedSessionsLimit: dto.alumniMissedSessionsLimit ?? DEFAULT_PROGRAM_SETTINGS.alumniMissedSessionsLimit };
    await this.commands.handle(ctx, { id: `program-settings-${ctx.tenantId}`, type: 'program-settings' }, programSettingsDecider,
      { type: 'ChangeProgramSettings', data: settings, metadata: ctx });
    return settings;
  }
}
