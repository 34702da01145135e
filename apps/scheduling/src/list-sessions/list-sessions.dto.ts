import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { SESSION_TYPES, type SessionType } from '@iop/domain-events';
import { PageQuery } from '@iop/platform';
import { IsLocalDate } from '../shared/local-date.validator';

export class ListSessionsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'date', description: "The local date (YYYY-MM-DD); by default today in each location's own time zone." })
  @IsOptional() @IsLocalDate()
  date?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'One location; by default every location of the tenant.' })
  @IsOptional() @IsUUID()
  locationId?: string;
}

export const SESSION_STATUSES = ['scheduled', 'cancelled'] as const;

/** One session as the day's list shows it: wall-clock times of its location, seat and attendance counts, no patient. */
export class SessionListItemDto {
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty({ format: 'uuid' }) locationId!: string;
  @ApiProperty() locationName!: string;
  @ApiProperty({ description: "The location's IANA time zone, e.g. America/New_York.", example: 'America/New_York' }) timeZone!: string;
  @ApiProperty({ format: 'date', description: 'The local date the session is held on, in its location.' }) date!: string;
  @ApiProperty({ pattern: '^\\d{2}:\\d{2}$', example: '18:00', description: 'Local start (HH:mm).' }) localStart!: string;
  @ApiProperty({ pattern: '^\\d{2}:\\d{2}$', example: '21:00', description: 'Local end (HH:mm).' }) localEnd!: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-07T18:00:00-05:00', description: "The start, with the location's offset." }) start!: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-07T21:00:00-05:00', description: "The end, with the location's offset." }) end!: string;
  @ApiProperty({ enum: SESSION_TYPES }) type!: SessionType;
  @ApiProperty({ type: String, nullable: true, description: 'The track of a block session (morning, evening...); null for a one-off.' }) track!: string | null;
  @ApiProperty({ type: String, nullable: true }) room!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The facilitator's staff id (the token subject), when one is named." }) facilitatorId!: string | null;
  @ApiProperty({ description: 'The role that facilitates the session, e.g. clinician.' }) facilitatorRole!: string;
  @ApiPropertyOptional({ description: 'Not known to scheduling (it holds staff ids only): absent until a staff directory provides it.' })
  facilitatorName?: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) capacity!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Patients holding a seat (the roster attendance is recorded for).' }) rosterCount!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Patients waiting for a seat.' }) waitlisted!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Patients whose attendance is recorded for the session (equal to rosterCount once everyone is recorded).' })
  attendanceRecorded!: number;
  @ApiProperty({ enum: SESSION_STATUSES }) status!: (typeof SESSION_STATUSES)[number];
}

export class SessionListPageDto {
  @ApiProperty({ type: [SessionListItemDto] }) items!: SessionListItemDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass back as ?cursor= for the next page; null on the last page.' }) nextCursor!: string | null;
}
