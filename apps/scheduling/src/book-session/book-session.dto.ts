import { ApiProperty } from '@nestjs/swagger';

/** POST /v1/enrollments/{episodeId}/bookings. */
export class SessionBookedDto {
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty({ enum: ['booked'] }) status!: string;
}

/** POST /v1/enrollments/{episodeId}/alumni/leave. */
export class AlumniLeftDto {
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ enum: ['left'] }) status!: string;
  @ApiProperty({ type: 'integer', description: 'Alumni seats given back (0 when it had already left).' }) sessionsReleased!: number;
}
