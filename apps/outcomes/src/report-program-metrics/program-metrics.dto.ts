import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DISCHARGE_REASONS, TRACKS } from '@iop/domain-events';
import { COHORTS, METRICS } from './program-metrics.definitions';

/** The response schema of GET /v1/metrics/program: each metric's definition is METRICS' (program-metrics.definitions.ts). */
const SUPPRESSED = 'Present (true) when the figure is about 1 to 10 patients and the caller is an analyst: its values are then null.';
const hidden = () => ApiPropertyOptional({ type: Boolean, description: SUPPRESSED });
const nullableNumber = (description?: string) => ApiProperty({ type: Number, nullable: true, description });
const nullableInt = (description?: string) => ApiProperty({ type: 'integer', nullable: true, description });

export class RateDto {
  @nullableNumber('numerator / denominator, from 0 to 1; null when the denominator is 0.') rate!: number | null;
  @nullableInt() numerator!: number | null;
  @nullableInt() denominator!: number | null;
  @hidden() suppressed?: true;
}

export class MedianDto {
  @nullableNumber('null when count is 0.') median!: number | null;
  @nullableInt('Episodes it summarises.') count!: number | null;
  @hidden() suppressed?: true;
}

export class DurationDto {
  @nullableNumber('Minutes.') median!: number | null;
  @nullableNumber('Minutes (nearest rank).') p90!: number | null;
  @nullableInt('Alerts it summarises.') count!: number | null;
  @nullableInt('Episodes those alerts concern.') patients!: number | null;
  @hidden() suppressed?: true;
}

export class MeanDto {
  @nullableNumber('Hours, to two decimals; null when weeks is 0.') mean!: number | null;
  @nullableInt('Patient-weeks it summarises.') weeks!: number | null;
  @nullableInt('Episodes with at least one of those weeks.') patients!: number | null;
  @hidden() suppressed?: true;
}

export class CountDto {
  @nullableInt('Patients.') count!: number | null;
  @hidden() suppressed?: true;
}

export class TallyDto {
  @nullableInt('Sessions.') count!: number | null;
  @nullableInt('Patients who attended them.') patients!: number | null;
  @hidden() suppressed?: true;
}

export class ReasonCountDto {
  @ApiProperty({ enum: DISCHARGE_REASONS }) reason!: string;
  @nullableInt() count!: number | null;
  @hidden() suppressed?: true;
}

export class DischargesByReasonDto {
  @nullableInt('The discharge cohort.') total!: number | null;
  @ApiProperty({ type: [ReasonCountDto] }) cells!: ReasonCountDto[];
}

export class CensusCellDto {
  @ApiProperty({ format: 'uuid' }) locationId!: string;
  @ApiProperty({ enum: TRACKS }) track!: string;
  @nullableInt() count!: number | null;
  @hidden() suppressed?: true;
}

export class CensusDto {
  @ApiProperty({ format: 'date', description: 'The census day (the range\'s `to`).' }) asOf!: string;
  @nullableInt(COHORTS.census) total!: number | null;
  @ApiProperty({ type: [CensusCellDto], description: METRICS.census.definition }) cells!: CensusCellDto[];
}

export class CohortSizesDto {
  @nullableInt('Episodes of the admission cohort.') admitted!: number | null;
  @nullableInt('Episodes of the discharge cohort.') discharged!: number | null;
}

const about = (name: keyof typeof METRICS) => `${METRICS[name].definition} (${METRICS[name].cohort} cohort)`;

export class ProgramMetricsDto {
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) locationId!: string | null;
  @ApiProperty({ type: CohortSizesDto }) cohorts!: CohortSizesDto;
  @ApiProperty({ type: RateDto, description: about('abstinenceAtFirstFollowUp') }) abstinenceAtFirstFollowUp!: RateDto;
  @ApiProperty({ type: RateDto, description: about('completionRate') }) completionRate!: RateDto;
  @ApiProperty({ type: RateDto, description: about('retentionWeek4') }) retentionWeek4!: RateDto;
  @ApiProperty({ type: RateDto, description: about('retentionWeek8') }) retentionWeek8!: RateDto;
  @ApiProperty({ type: MedianDto, description: about('medianLengthOfStayDays') }) medianLengthOfStayDays!: MedianDto;
  @ApiProperty({ type: MedianDto, description: about('medianDaysReferralToAdmission') }) medianDaysReferralToAdmission!: MedianDto;
  @ApiProperty({ type: RateDto, description: about('attendanceCompliance') }) attendanceCompliance!: RateDto;
  @ApiProperty({ type: MedianDto, description: about('phq9ChangeMedian') }) phq9ChangeMedian!: MedianDto;
  @ApiProperty({ type: MedianDto, description: about('gad7ChangeMedian') }) gad7ChangeMedian!: MedianDto;
  @ApiProperty({ type: RateDto, description: about('engagement') }) engagement!: RateDto;
  @ApiProperty({ type: DurationDto, description: about('safetyAlertTimeToAcknowledgeMinutes') }) safetyAlertTimeToAcknowledgeMinutes!: DurationDto;
  @ApiProperty({ type: DurationDto, description: about('safetyAlertTimeToResolveMinutes') }) safetyAlertTimeToResolveMinutes!: DurationDto;
  @ApiProperty({ type: RateDto, description: about('attendanceRate') }) attendanceRate!: RateDto;
  @ApiProperty({ type: MeanDto, description: about('averageHoursPerWeek') }) averageHoursPerWeek!: MeanDto;
  @ApiProperty({ type: DischargesByReasonDto, description: about('dischargesByReason') }) dischargesByReason!: DischargesByReasonDto;
  @ApiProperty({ type: CensusDto, description: about('census') }) census!: CensusDto;
  @ApiProperty({ type: CountDto, description: about('alumniActive') }) alumniActive!: CountDto;
  @ApiProperty({ type: TallyDto, description: about('alumniSessionsAttended') }) alumniSessionsAttended!: TallyDto;
  @ApiProperty({ type: RateDto, description: about('alumniAttendingWeekly') }) alumniAttendingWeekly!: RateDto;
}
