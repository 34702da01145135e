import { Body, Controller, Get, Inject, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsInt, IsNumber, IsOptional, Max, Min, ValidateIf } from 'class-validator';
import type { Pool } from 'pg';
import { AuditLog, CurrentPrincipal, PG_POOL, type Principal, Roles, withTenant } from '@iop/platform';
import { ADMINS, CARE_STAFF } from '../shared/access';
import { readSettings, saveSettings } from './tenant-settings.queries';
import { TenantSettingsViewDto } from './tenant-settings.dto';

export class TenantSettingsDto {
  @ApiProperty({ minimum: 1, maximum: 52, description: 'Planned program length: planned end = start + this many weeks.' })
  @IsInt() @Min(1) @Max(52)
  plannedProgramWeeks!: number;

  @ApiPropertyOptional({
    nullable: true, minimum: 0, maximum: 40,
    description: 'Weekly hours below which a review flags utilization (ASAM 2.1: 9 adults, 6 adolescents); null for 9.',
  })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsNumber() @Min(0) @Max(40)
  minimumWeeklyHours?: number | null;
}

/** Per-tenant program settings (a plain table: configuration, not a clinical record). */
@ApiTags('settings')
@Controller('v1/settings')
export class TenantSettingsController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool, @Inject(AuditLog) private readonly audit: AuditLog) {}

  @Get() @Roles(...CARE_STAFF)
  @ApiOperation({ summary: "The clinic's program settings." })
  @ApiOkResponse({ type: TenantSettingsViewDto })
  get(@CurrentPrincipal() who: Principal) {
    return withTenant(this.pool, who.tenantId, (client) => readSettings(client, who.tenantId));
  }

  @Put() @Roles(...ADMINS)
  @ApiOperation({ summary: "Replace the clinic's program settings; applies to admissions from now on." })
  @ApiOkResponse({ type: TenantSettingsViewDto })
  put(@Body() dto: TenantSettingsDto, @CurrentPrincipal() who: Principal) {
    const settings = { plannedProgramWeeks: dto.plannedProgramWeeks, minimumWeeklyHours: dto.minimumWeeklyHours ?? null };
    return withTenant(this.pool, who.tenantId, async (client) => {
      await saveSettings(client, who.tenantId, settings, who.subject);
      await this.audit.record({ actor: who, action: 'update', resource: 'settings', details: settings }, client);
      return settings;
    });
  }
}
