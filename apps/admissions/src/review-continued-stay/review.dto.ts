import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ASAM_LEVELS, CONTINUED_STAY_RECOMMENDATIONS, TRACKS } from '@iop/domain-events';
import { CRITERIA_EDITIONS } from '@iop/asam-criteria';
import { RatingsDto } from '../assess-patient/assess-patient.dto';

/** One continued-service criterion as the review evaluated it (@iop/asam-criteria ContinuedServiceCriterionResult). */
export class ReviewCriterionDto {
  @ApiProperty({ example: 'continue.goals-in-progress' }) id!: string;
  @ApiProperty() fired!: boolean;
  @ApiProperty({ description: 'The criterion as it applied, for a person to read.' }) evidence!: string;
  @ApiProperty({ enum: CONTINUED_STAY_RECOMMENDATIONS, description: 'What it argues for when it fires.' }) recommends!: string;
}

export class ReviewAlertDto {
  @ApiProperty() id!: string;
  @ApiProperty() evidence!: string;
}

export class GoalCountsDto {
  @ApiProperty({ type: 'integer' }) total!: number;
  @ApiProperty({ type: 'integer' }) achieved!: number;
  @ApiProperty({ type: 'integer' }) inProgress!: number;
  @ApiProperty({ type: 'integer' }) notStarted!: number;
  @ApiProperty({ type: 'integer' }) discontinued!: number;
}

export class AttendanceWeekDto {
  @ApiProperty({ format: 'date' }) weekStart!: string;
  @ApiProperty() hoursAttended!: number;
  @ApiProperty({ type: 'integer' }) daysAttended!: number;
  @ApiProperty({ description: "Scheduling's verdict on the program rule." }) compliant!: boolean;
}

export class AttendanceBreachDto {
  @ApiProperty({ format: 'date' }) weekStart!: string;
  @ApiProperty({ enum: ['program-hours', 'asam-minimum'] }) rule!: string;
  @ApiProperty() hoursAttended!: number;
  @ApiProperty() requiredHours!: number;
}

/** What the review read, gathered from the other services' events (continued-stay.evidence.ts). */
export class ReviewEvidenceDto {
  @ApiProperty({ enum: CRITERIA_EDITIONS }) edition!: number;
  @ApiPropertyOptional({ type: RatingsDto }) latestRatings?: RatingsDto;
  @ApiPropertyOptional({ type: RatingsDto }) previousRatings?: RatingsDto;
  @ApiProperty({ type: GoalCountsDto }) goals!: GoalCountsDto;
  @ApiProperty({ type: [AttendanceWeekDto], description: 'Most recent last.' }) weeks!: AttendanceWeekDto[];
  @ApiPropertyOptional() minimumWeeklyHours?: number;
  @ApiPropertyOptional({ description: '`{ minHoursPerDay, minDaysPerWeek }`: the attendance rule the weeks were judged by.', type: 'object', additionalProperties: true })
  programRule?: Record<string, number>;
  @ApiPropertyOptional({ description: 'PHQ-9 and GAD-7 totals: { phq9?: { total, previousTotal? }, gad7?: ... }.', type: 'object', additionalProperties: true })
  recentMeasures?: Record<string, unknown>;
  @ApiProperty({ type: 'integer' }) safetyAlertsOpen!: number;
  @ApiPropertyOptional({ type: 'integer' }) planAmendments?: number;
  @ApiProperty({ type: 'integer' }) weeksInTreatment!: number;
  @ApiPropertyOptional() stepDownInProgress?: boolean;
  @ApiPropertyOptional({ enum: ASAM_LEVELS }) currentLevel?: string;
  @ApiProperty({ type: [AttendanceBreachDto], description: 'Weeks below the program rule or the ASAM minimum.' }) breaches!: AttendanceBreachDto[];
}

/** A continued-stay review (review.queries.ts `reviewView`). */
export class ContinuedStayReviewDto {
  @ApiProperty({ format: 'uuid' }) reviewId!: string;
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ enum: ['request', 'schedule', 'evidence'] }) trigger!: string;
  @ApiProperty({ enum: CONTINUED_STAY_RECOMMENDATIONS }) recommendation!: string;
  @ApiProperty({ type: [String], description: 'The ids of the criteria that fired.' }) criteriaFired!: string[];
  @ApiProperty({ type: [ReviewCriterionDto] }) criteria!: ReviewCriterionDto[];
  @ApiProperty({ type: [ReviewAlertDto] }) alerts!: ReviewAlertDto[];
  @ApiProperty({ type: ReviewEvidenceDto }) evidence!: ReviewEvidenceDto;
  @ApiProperty({ format: 'date-time' }) reviewedAt!: string;
  @ApiPropertyOptional({ description: 'In the list only: who reviewed (a token subject; `service:admissions` for the weekly schedule).' }) reviewedBy?: string;
}

export class ContinuedStayReviewPageDto {
  @ApiProperty({ type: [ContinuedStayReviewDto] }) items!: ContinuedStayReviewDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass back as ?cursor= for the next page; null on the last page.' }) nextCursor!: string | null;
}

/** An active episode due for its weekly review (review.queries.ts `listDue`). */
export class DueForReviewDto {
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ format: 'uuid' }) locationId!: string;
  @ApiProperty({ enum: TRACKS }) track!: string;
  @ApiProperty({ format: 'date' }) startDate!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastReviewedAt!: string | null;
  @ApiProperty({ type: String, enum: [...CONTINUED_STAY_RECOMMENDATIONS, null], nullable: true }) lastRecommendation!: string | null;
}

export class DueForReviewPageDto {
  @ApiProperty({ type: [DueForReviewDto] }) items!: DueForReviewDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass back as ?cursor= for the next page; null on the last page.' }) nextCursor!: string | null;
}

export class ScheduledReviewRunDto {
  @ApiProperty({ type: [String], format: 'uuid', description: 'The episodes reviewed by this run.' }) reviewed!: string[];
}
