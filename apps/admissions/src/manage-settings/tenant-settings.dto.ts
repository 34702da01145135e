import { ApiProperty } from '@nestjs/swagger';

/** GET and PUT /v1/settings: the clinic's program settings (tenant-settings.queries.ts, defaults until first saved). */
export class TenantSettingsViewDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 52, description: 'Planned program length in weeks.' }) plannedProgramWeeks!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Weekly hours below which a review flags utilization; null: the criteria\'s default (9).' })
  minimumWeeklyHours!: number | null;
}
