import { ApiProperty } from '@nestjs/swagger';
import { CurriculumDto, SessionBlockDto } from '../configure-location/location.dto';
import { SessionViewDto } from '../read-models/session-view.dto';

/** A location as browse-locations `toView` shows it: its blocks and curricula as configured (no patient data). */
export class LocationViewDto {
  @ApiProperty({ format: 'uuid' }) locationId!: string;
  @ApiProperty({ example: 'Riverside' }) name!: string;
  @ApiProperty({ example: 'America/New_York', description: 'IANA time zone; blocks and dates are local to it.' }) timezone!: string;
  @ApiProperty({ type: [SessionBlockDto] }) blocks!: SessionBlockDto[];
  @ApiProperty({ type: [CurriculumDto], description: 'Every curriculum version saved, by track then effectiveFrom.' }) curricula!: CurriculumDto[];
  @ApiProperty({ format: 'date-time' }) configuredAt!: string;
}

export class LocationPageDto {
  @ApiProperty({ type: [LocationViewDto] }) items!: LocationViewDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass back as ?cursor= for the next page; null on the last page.' }) nextCursor!: string | null;
}

/** GET /v1/locations/{id}/week: the location's sessions in one local week. */
export class LocationWeekDto {
  @ApiProperty({ format: 'uuid' }) locationId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() timezone!: string;
  @ApiProperty({ format: 'date', description: 'The Monday of the week.' }) weekStart!: string;
  @ApiProperty({ type: [SessionViewDto], description: 'By start time.' }) sessions!: SessionViewDto[];
}
