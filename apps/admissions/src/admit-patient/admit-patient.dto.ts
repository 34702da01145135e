import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { ASAM_LEVELS, TRACKS, type Track } from '@iop/domain-events';
import type { LevelOfCare } from '@iop/asam-criteria';
import { IsCalendarDate, IsInstant, IsText } from '../shared/validators';

export class AdmissionDto {
  @ApiProperty({ format: 'uuid', description: 'The episode of care opened (GET /v1/episodes/{episodeId}); scheduling enrolls it once PatientAdmitted reaches it.' })
  episodeId!: string;
}

export class AdmitPatientDto {
  @ApiProperty({ format: 'uuid', description: 'A location scheduling configured (LocationConfigured).' }) @IsUUID()
  locationId!: string;

  @ApiProperty({ enum: TRACKS, description: 'A track the location has a session block for.' }) @IsIn(TRACKS)
  track!: Track;

  @ApiProperty({ example: '2025-03-10', description: 'First program day; at most one year ahead.' }) @IsCalendarDate()
  startDate!: string;

  @ApiProperty({ enum: ASAM_LEVELS, example: '2.1' }) @IsIn(ASAM_LEVELS)
  levelOfCare!: LevelOfCare;

  @ApiPropertyOptional({ description: "Required when levelOfCare differs from the latest assessment's recommendation." })
  @IsOptional() @IsText(2000)
  overrideReason?: string;

  @ApiPropertyOptional({
    example: '2025-03-07T14:02:11-05:00',
    description: 'When the admission was decided, for one entered later from paper records; defaults to now. Not in the future, not before the referral.',
  })
  @IsOptional() @IsInstant()
  admittedAt?: string;
}
