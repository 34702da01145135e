import { ApiProperty } from '@nestjs/swagger';
import { ASAM_LEVELS, REFERRAL_SOURCES } from '@iop/domain-events';
import { REFERRAL_STAGES } from './referral.queries';

export const REFERRAL_STATUSES = ['open', 'waitlisted', 'declined', 'withdrawn', 'admitted'] as const;

export class ReferredPatientDto {
  @ApiProperty() firstName!: string;
  @ApiProperty() lastName!: string;
  @ApiProperty({ format: 'date' }) dateOfBirth!: string;
}

export class ReferralDto {
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ type: ReferredPatientDto, description: 'Who the referral is for, so that nobody acts on the wrong patient.' }) patient!: ReferredPatientDto;
  @ApiProperty({ enum: REFERRAL_SOURCES }) source!: string;
  @ApiProperty({ format: 'date-time', description: 'When the referral was received (its age counts from here).' }) referredAt!: string;
  @ApiProperty({ enum: REFERRAL_STATUSES }) status!: string;
  @ApiProperty({
    enum: REFERRAL_STAGES,
    description: 'The intake board column: `open` referrals are `referred` until assessed, then `assessed`; otherwise the status.',
  })
  stage!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Why it was declined, withdrawn or waitlisted.' }) statusReason!: string | null;
  @ApiProperty({ format: 'date-time' }) statusChangedAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) latestAssessmentId!: string | null;
  @ApiProperty({ type: String, enum: [...ASAM_LEVELS, null], nullable: true, description: "The latest assessment's recommended level; null until assessed." }) recommendedLevel!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The episode of care once admitted.' }) episodeId!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) admittedAt!: string | null;
}

export class ReferralPageDto {
  @ApiProperty({ type: [ReferralDto] }) items!: ReferralDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass back as ?cursor= for the next page; null on the last page.' }) nextCursor!: string | null;
}

export class ReferralStatusDto {
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty({ enum: REFERRAL_STATUSES }) status!: string;
}

export class ReferralCreatedDto {
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
}
