import { ApiProperty } from '@nestjs/swagger';
import { ATTENDANCE_STATUSES, type AttendanceStatus } from '@iop/domain-events';
import { SessionViewDto } from '../read-models/session-view.dto';

export class RosterAttendanceDto {
  @ApiProperty({ enum: ATTENDANCE_STATUSES }) status!: AttendanceStatus;
  @ApiProperty({ type: 'integer', minimum: 0 }) minutesAttended!: number;
}

export class RosterPatientDto {
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ description: 'The short name admissions published for schedules, e.g. "Alex R."' }) displayName!: string;
  @ApiProperty({ enum: ['booked', 'waitlisted'], description: 'A seat, or a place on the waitlist (attendance is recorded for seats).' }) booking!: string;
  @ApiProperty({ type: RosterAttendanceDto, nullable: true, description: 'null until attendance is recorded.' }) attendance!: RosterAttendanceDto | null;
}

export class SessionRosterDto extends SessionViewDto {
  @ApiProperty({ type: [RosterPatientDto], description: 'Seats first (by name), then the waitlist in order.' }) patients!: RosterPatientDto[];
}
