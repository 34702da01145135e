import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested, IsDefined } from 'class-validator';
import { DIMENSION_KEYS, type DimensionKey } from '@iop/asam-criteria';
import {
  CARE_CADENCES, CARE_DURATION_MINUTES, CARE_STAFF_ROLES, GOAL_STATUSES, PLAN_SERVICES, type CareCadence, type CareStaffRole, type GoalStatus, type PlanService,
} from '@iop/domain-events';
import type { TreatmentPlanAcknowledged } from '../domain/treatment-plan/treatment-plan.events';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TEXT = 4000;

export class InterventionDto {
  @ApiProperty({ example: 'CBT relapse-prevention group' }) @IsString() @MaxLength(TEXT) description!: string;
  @ApiPropertyOptional({ example: '3x weekly' }) @IsOptional() @IsString() @MaxLength(200) frequency?: string;
  @ApiProperty({ description: 'Staff responsible (subject or role); with a `service`, the staff id (token subject) who delivers it.', example: 'clinician-alice' })
  @IsString() @MaxLength(200)
  responsibleStaff!: string;

  @ApiPropertyOptional({ enum: PLAN_SERVICES, description: 'Structured care: scheduling books sessions of this type. Without it the intervention is free text and books nothing.' })
  @IsOptional() @IsIn(PLAN_SERVICES)
  service?: PlanService;

  @ApiPropertyOptional({ enum: CARE_CADENCES, description: 'With a service: weekly, every-2-weeks, or monthly (every fourth week).' })
  @IsOptional() @IsIn(CARE_CADENCES)
  cadence?: CareCadence;

  @ApiPropertyOptional({ description: 'With a service: minutes per session, in steps of 5.', minimum: CARE_DURATION_MINUTES.minimum, maximum: CARE_DURATION_MINUTES.maximum, example: 50 })
  @IsOptional() @IsInt() @Min(CARE_DURATION_MINUTES.minimum) @Max(CARE_DURATION_MINUTES.maximum)
  durationMinutes?: number;

  @ApiPropertyOptional({ enum: CARE_STAFF_ROLES, description: 'With a service: the role the responsible staff member delivers it in; it must fit the service (psychiatric-consultation: psychiatrist or medical-director; individual and family therapy: clinician, counselor or supervisor; case-management: case-manager, clinician or counselor).' })
  @IsOptional() @IsIn(CARE_STAFF_ROLES)
  responsibleRole?: CareStaffRole;
}

export class ObjectiveDto {
  @ApiProperty({ example: 'Attend 12 h of programming weekly' }) @IsString() @MaxLength(TEXT) description!: string;
  @ApiProperty({ description: 'How progress is measured.', example: 'attendance summary' })
  @IsString() @MaxLength(TEXT)
  measure!: string;
  @ApiProperty({ format: 'date', example: '2026-04-15' }) @Matches(DATE) @IsISO8601({ strict: true }) targetDate!: string;
}

class GoalDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Keeps an existing goal (and its status) in a revision.' })
  @IsOptional() @IsUUID()
  goalId?: string;
  @ApiProperty({ example: 'Sustain abstinence from alcohol' }) @IsString() @MaxLength(TEXT) description!: string;
  @ApiProperty({ format: 'date', example: '2026-05-01' }) @Matches(DATE) @IsISO8601({ strict: true }) targetDate!: string;
  @ApiProperty({ type: [ObjectiveDto] })
  @IsArray() @ArrayMaxSize(20) @IsDefined() @ValidateNested({ each: true }) @Type(() => ObjectiveDto)
  objectives!: ObjectiveDto[];
  @ApiProperty({ type: [InterventionDto] })
  @IsArray() @ArrayMaxSize(20) @IsDefined() @ValidateNested({ each: true }) @Type(() => InterventionDto)
  interventions!: InterventionDto[];
}

class ProblemDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() problemId?: string;
  @ApiProperty({ example: 'Alcohol use disorder, moderate; relapse after residential care' })
  @IsString() @MaxLength(TEXT)
  description!: string;
  @ApiProperty({ enum: DIMENSION_KEYS, isArray: true, example: ['d5'] })
  @IsArray() @ArrayUnique() @IsIn(DIMENSION_KEYS, { each: true })
  asamDimensions!: DimensionKey[];

  @ApiPropertyOptional({ format: 'uuid', description: "The episode's diagnosis (admissions' diagnosisId) this problem addresses, kept as a reference." })
  @IsOptional() @IsUUID()
  diagnosisId?: string;
  @ApiProperty({ type: [GoalDto] })
  @IsArray() @ArrayMaxSize(20) @IsDefined() @ValidateNested({ each: true }) @Type(() => GoalDto)
  goals!: GoalDto[];
}

export class TreatmentPlanDto {
  @ApiProperty({ type: [ProblemDto] })
  @IsArray() @ArrayMaxSize(30) @IsDefined() @ValidateNested({ each: true }) @Type(() => ProblemDto)
  problems!: ProblemDto[];
}

const METHODS = ['signature', 'e-signature', 'verbal'] as const;

export class AcknowledgeDto {
  @ApiProperty({ enum: METHODS, description: 'How the patient acknowledged the plan (recorded by staff).' })
  @IsIn(METHODS)
  method!: TreatmentPlanAcknowledged['data']['method'];
}

export class GoalStatusDto {
  @ApiProperty({ enum: GOAL_STATUSES }) @IsIn(GOAL_STATUSES) status!: GoalStatus;
}

/** POST /v1/episodes/{episodeId}/treatment-plan: the new plan's first version. */
export class TreatmentPlanDraftedDto {
  @ApiProperty({ format: 'uuid' }) planId!: string;
  @ApiProperty({ type: 'integer', enum: [1] }) version!: number;
}

export class PlanGoalViewDto {
  @ApiProperty({ format: 'uuid' }) goalId!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ format: 'date' }) targetDate!: string;
  @ApiProperty({ type: [ObjectiveDto] }) objectives!: ObjectiveDto[];
  @ApiProperty({ type: [InterventionDto] }) interventions!: InterventionDto[];
  @ApiProperty({ enum: GOAL_STATUSES, description: 'Kept across versions: a goal carried into a revision keeps its status.' }) status!: GoalStatus;
}

export class PlanProblemViewDto {
  @ApiProperty({ format: 'uuid' }) problemId!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: DIMENSION_KEYS, isArray: true }) asamDimensions!: DimensionKey[];
  @ApiPropertyOptional({ format: 'uuid', description: "The episode's diagnosis it addresses (admissions' diagnosisId)." }) diagnosisId?: string;
  @ApiProperty({ type: [PlanGoalViewDto] }) goals!: PlanGoalViewDto[];
}

/** The plan's current version with each goal's status (treatment-plan.view.ts); `signedVersion` is the one in force. */
export class TreatmentPlanViewDto {
  @ApiProperty({ format: 'uuid' }) planId!: string;
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ enum: ['draft', 'signed'], description: 'Of the current version.' }) status!: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) version!: number;
  @ApiProperty({ description: "The current version's author (their token subject)." }) author!: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'The last version signed; 0 before the first signature.' }) signedVersion!: number;
  @ApiProperty({ description: 'The patient acknowledged the current version, which is signed.' }) acknowledged!: boolean;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'The last version the patient acknowledged; 0 before any.' }) acknowledgedVersion!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastSignedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastReviewedAt!: string | null;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Events on the plan so far: its ETag, for If-Match on PUT.' }) revision!: number;
  @ApiProperty({ type: [PlanProblemViewDto] }) problems!: PlanProblemViewDto[];
}
