import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ATTENDANCE_STATUSES, SESSION_TYPES } from '@iop/domain-events';
import { SessionPlanDto } from '../read-models/session-view.dto';

export class ScheduledAttendanceDto {
  @ApiProperty({ enum: ATTENDANCE_STATUSES }) status!: string;
  @ApiProperty({ type: 'integer', nullable: true }) minutesAttended!: number | null;
}

/** One seat, waitlist place or cancelled booking of the episode, with its session. */
export class EpisodeScheduleItemDto {
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty({ enum: SESSION_TYPES }) type!: string;
  @ApiProperty({ format: 'date-time', description: "With the location's offset." }) startsAt!: string;
  @ApiProperty({ format: 'date-time' }) endsAt!: string;
  @ApiProperty({ type: String, nullable: true }) room!: string | null;
  @ApiProperty({ type: String, nullable: true }) virtualLink!: string | null;
  @ApiProperty() noCharge!: boolean;
  @ApiProperty({ enum: ['scheduled', 'cancelled'] }) sessionStatus!: string;
  @ApiProperty({ enum: ['booked', 'waitlisted', 'cancelled'], description: "The episode's place on it." }) booking!: string;
  @ApiPropertyOptional({ description: 'Why the booking was cancelled.' }) cancelReason?: string;
  @ApiProperty({ type: ScheduledAttendanceDto, nullable: true, description: 'null until attendance is recorded.' }) attendance!: ScheduledAttendanceDto | null;
  @ApiProperty({ type: SessionPlanDto, nullable: true, description: 'The treatment plan version that booked it; null for other sessions.' }) plan!: SessionPlanDto | null;
}

/** GET /v1/episodes/{episodeId}/schedule. */
export class EpisodeScheduleDto {
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid' }) locationId!: string;
  @ApiProperty({ enum: ['active', 'discharged', 'alumni', 'cancelled'], description: 'The enrollment\'s status.' }) status!: string;
  @ApiProperty({ example: 'America/New_York' }) timezone!: string;
  @ApiProperty({ type: [EpisodeScheduleItemDto], description: 'In time order.' }) items!: EpisodeScheduleItemDto[];
}
