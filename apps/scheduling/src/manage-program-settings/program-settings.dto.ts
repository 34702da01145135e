import { ApiProperty } from '@nestjs/swagger';

/** GET and PUT /v1/program-settings: the settings in force (the defaults until first changed). */
export class ProgramSettingsViewDto {
  @ApiProperty({ type: 'integer', example: 12, description: 'Seats per group session.' }) groupSizeLimit!: number;
  @ApiProperty({ example: 3 }) minHoursPerDay!: number;
  @ApiProperty({ type: 'integer', example: 4 }) minDaysPerWeek!: number;
  @ApiProperty({ type: 'integer', example: 4, description: 'Alumni sessions missed in a row after which an alumnus\'s weekly booking ends.' }) alumniMissedSessionsLimit!: number;
}
