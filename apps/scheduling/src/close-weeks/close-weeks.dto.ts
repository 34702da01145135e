import { ApiProperty } from '@nestjs/swagger';

/** POST /v1/admin/close-weeks (application/close-weeks.ts CloseWeeksResult). */
export class WeeksClosedDto {
  @ApiProperty({ type: 'integer', description: 'Episodes with a week summarized.' }) episodes!: number;
  @ApiProperty({ type: 'integer' }) weeksSummarized!: number;
  @ApiProperty({ type: 'integer', description: 'Weeks below the attendance rule (each an AttendanceBreach).' }) breaches!: number;
}

/** POST /v1/admin/alumni/extend (application/enroll-alumni.ts ExtendAlumniResult). */
export class AlumniExtendedDto {
  @ApiProperty({ type: 'integer', description: 'Alumni enrollments looked at.' }) alumni!: number;
  @ApiProperty({ type: 'integer', description: 'Booked for their coming weeks.' }) extended!: number;
  @ApiProperty({ type: 'integer', description: 'Whose booking ended after missed sessions.' }) stopped!: number;
}
