import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested, IsDefined } from 'class-validator';
import { DIMENSION_KEYS, type DimensionKey } from '@iop/asam-criteria';
import { GOAL_STATUSES, type GoalStatus } from '@iop/domain-events';
import type { TreatmentPlanAcknowledged } from '../domain/treatment-plan/treatment-plan.events';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TEXT = 4000;

class InterventionDto {
  @ApiProperty({ example: 'CBT relapse-prevention group' }) @IsString() @MaxLength(TEXT) description!: string;
  @ApiPropertyOptional({ example: '3x weekly' }) @IsOptional() @IsString() @MaxLength(200) frequency?: string;
  @ApiProperty({ description: 'Staff responsible (subject or role).', example: 'clinician-alice' })
  @IsString() @MaxLength(200)
  responsibleStaff!: string;
}

class ObjectiveDto {
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
