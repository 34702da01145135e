import { ApiProperty } from '@nestjs/swagger';
import { REFERRAL_SOURCES } from '@iop/domain-events';
import { REFERRAL_STATUSES } from '../manage-referrals/referral.dto';

/** A patient as the search answers them (find-patients/patient.queries.ts `patientView`). */
export class PatientSummaryDto {
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty() firstName!: string;
  @ApiProperty() lastName!: string;
  @ApiProperty({ format: 'date' }) dateOfBirth!: string;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty({ format: 'date-time' }) registeredAt!: string;
  @ApiProperty({ description: 'In the alumni program.' }) alumni!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) alumniSince!: string | null;
}

export class PatientPageDto {
  @ApiProperty({ type: [PatientSummaryDto] }) items!: PatientSummaryDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass back as ?cursor= for the next page; null on the last page.' }) nextCursor!: string | null;
}

export class PatientReferralDto {
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty({ enum: REFERRAL_STATUSES }) status!: string;
  @ApiProperty({ enum: REFERRAL_SOURCES }) source!: string;
  @ApiProperty({ format: 'date-time' }) referredAt!: string;
}

export class PatientEpisodeDto {
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ enum: ['active', 'onhold', 'finished', 'cancelled'], description: 'As stored (an episode before its start date is `active` here, `planned` on GET /v1/episodes/{id}).' })
  status!: string;
  @ApiProperty({ format: 'date' }) startDate!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dischargedAt!: string | null;
}

/** GET /v1/patients/{id}: the patient with their referrals and episodes, oldest first. */
export class PatientRecordDto extends PatientSummaryDto {
  @ApiProperty({ type: [PatientReferralDto] }) referrals!: PatientReferralDto[];
  @ApiProperty({ type: [PatientEpisodeDto] }) episodes!: PatientEpisodeDto[];
}
