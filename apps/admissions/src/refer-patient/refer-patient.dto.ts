import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsUUID, Matches, ValidateNested } from 'class-validator';
import { REFERRAL_SOURCES, type ReferralSource } from '@iop/domain-events';
import { IsCalendarDate, IsInstant, IsText } from '../shared/validators';

export class PatientDetailsDto {
  @ApiProperty({ example: 'Alex' }) @IsText(100)
  firstName!: string;

  @ApiProperty({ example: 'Rivera' }) @IsText(100)
  lastName!: string;

  @ApiProperty({ example: '1990-05-04', description: 'Not in the future.' }) @IsCalendarDate()
  dateOfBirth!: string;

  @ApiPropertyOptional({ example: '+1 555 0100' })
  @IsOptional() @Matches(/^\+?[0-9][0-9 ().-]{5,24}$/, { message: 'phone must be a phone number' })
  phone?: string;
}

export class ReferPatientDto {
  @ApiPropertyOptional({ type: PatientDetailsDto, description: 'The patient, unless an existing one is referred again by patientId.' })
  @IsOptional() @ValidateNested() @Type(() => PatientDetailsDto)
  patient?: PatientDetailsDto;

  @ApiPropertyOptional({ format: 'uuid', description: 'An existing patient (an alumnus coming back); replaces `patient`.' })
  @IsOptional() @IsUUID()
  patientId?: string;

  @ApiProperty({ enum: REFERRAL_SOURCES }) @IsIn(REFERRAL_SOURCES)
  source!: ReferralSource;

  @ApiProperty({ example: '2025-03-03T09:15:00-05:00' }) @IsInstant()
  referredAt!: string;
}

export class ReasonDto {
  @ApiProperty({ example: 'needs residential care first' }) @IsText(2000)
  reason!: string;
}

export class OptionalReasonDto {
  @ApiPropertyOptional({ example: 'evening track full until April' }) @IsOptional() @IsText(2000)
  reason?: string;
}
