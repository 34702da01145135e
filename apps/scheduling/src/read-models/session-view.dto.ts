import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SESSION_TYPES, type SessionType } from '@iop/domain-events';

export class SessionFacilitatorDto {
  @ApiProperty({ description: 'The role that facilitates, e.g. clinician.' }) role!: string;
  @ApiPropertyOptional({ description: "The named facilitator's staff id (the token subject)." }) staffId?: string;
}

export class SessionPlanDto {
  @ApiProperty({ format: 'uuid' }) planId!: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) version!: number;
}

/** A session as `toSessionView` shows it (session-view.ts): times with the location's offset, seats, no patient. */
export class SessionViewDto {
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty({ format: 'uuid' }) locationId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The track of a block session; null for a one-off.' }) track!: string | null;
  @ApiProperty({ enum: SESSION_TYPES }) type!: SessionType;
  @ApiProperty({ type: String, nullable: true, description: 'The block series it belongs to; null for a one-off.' }) series!: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-11-30T18:00:00-05:00' }) startsAt!: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-30T21:00:00-05:00' }) endsAt!: string;
  @ApiProperty({ type: SessionFacilitatorDto }) facilitator!: SessionFacilitatorDto;
  @ApiProperty({ type: String, nullable: true }) room!: string | null;
  @ApiProperty({ type: String, nullable: true }) virtualLink!: string | null;
  @ApiProperty({ type: 'integer', minimum: 0 }) capacity!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) booked!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) waitlisted!: number;
  @ApiProperty() noCharge!: boolean;
  @ApiProperty({ enum: ['scheduled', 'cancelled'] }) status!: string;
  @ApiPropertyOptional({ description: 'Why it was cancelled (cancelled sessions only).' }) cancelReason?: string;
  @ApiProperty({ type: SessionPlanDto, nullable: true, description: 'The treatment plan version that booked it (docs/DOMAIN.md section 9); null for other sessions.' })
  plan!: SessionPlanDto | null;
}
