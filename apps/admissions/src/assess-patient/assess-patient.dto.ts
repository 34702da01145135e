import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { CRITERIA_EDITIONS, DIMENSION_KEYS, type CriteriaEdition } from '@iop/asam-criteria';
import { ASAM_LEVELS } from '@iop/domain-events';
import { IsText } from '../shared/validators';

/** 0 none, 1 mild, 2 moderate, 3 severe, 4 extreme/imminent (docs/DOMAIN.md section 2). */
const Rating = () => applyDecorators(ApiProperty({ minimum: 0, maximum: 4, type: 'integer' }), IsDefined(), IsInt(), Min(0), Max(4));

export class RatingsDto {
  @Rating() d1!: number;
  @Rating() d2!: number;
  @Rating() d3!: number;
  @Rating() d4!: number;
  @Rating() d5!: number;
  @Rating() d6!: number;
}

const Rationale = () => applyDecorators(ApiPropertyOptional({ maxLength: 4000 }), IsOptional(), IsText(4000));

/** Clinical text per dimension: stays in admissions, never on the event bus. */
export class RationaleDto {
  @Rationale() d1?: string;
  @Rationale() d2?: string;
  @Rationale() d3?: string;
  @Rationale() d4?: string;
  @Rationale() d5?: string;
  @Rationale() d6?: string;
}

export class AssessPatientDto {
  @ApiProperty({ enum: CRITERIA_EDITIONS, description: 'ASAM Criteria edition: 3 (2013) or 4 (2023).' })
  @IsIn(CRITERIA_EDITIONS)
  criteriaEdition!: CriteriaEdition;

  @ApiProperty({ type: RatingsDto })
  @IsDefined() @ValidateNested() @Type(() => RatingsDto)
  ratings!: RatingsDto;

  @ApiPropertyOptional({ type: RationaleDto })
  @IsOptional() @ValidateNested() @Type(() => RationaleDto)
  rationale?: RationaleDto;
}

export class PlacementRuleDto {
  @ApiProperty({ description: 'The placement table row, e.g. `d1.withdrawal-risk-manageable-outpatient`.' }) id!: string;
  @ApiProperty({ description: 'True when the rating is within what the row\'s level manages: the first passing row of a dimension places it.' }) passed!: boolean;
  @ApiProperty({ description: 'The rule as it applied, for a person to read, e.g. "D1 rated 1 (<= 1): manageable at Level 1".' }) evidence!: string;
}

export class RecommendationDto {
  @ApiProperty({ enum: ASAM_LEVELS, description: 'The least intensive level that safely manages every dimension.' }) level!: string;
  @ApiProperty({ enum: DIMENSION_KEYS, description: 'The dimension whose need decided the level.' }) decidingDimension!: string;
  @ApiProperty({ type: [PlacementRuleDto], description: 'Every rule evaluated, in order, per dimension: the ceilings a rating exceeded, then the one that manages it.' })
  rules!: PlacementRuleDto[];
}

export class AssessmentRecordedDto {
  @ApiProperty({ format: 'uuid' }) assessmentId!: string;
  @ApiProperty({ type: RecommendationDto }) recommendation!: RecommendationDto;
}

export class AssessmentDto {
  @ApiProperty({ format: 'uuid' }) assessmentId!: string;
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty({ format: 'uuid' }) patientId!: string;
  @ApiProperty({ enum: CRITERIA_EDITIONS }) criteriaEdition!: number;
  @ApiProperty({ type: RatingsDto }) ratings!: RatingsDto;
  @ApiPropertyOptional({ type: RationaleDto, description: 'Present when the assessor wrote one.' }) rationale?: RationaleDto;
  @ApiProperty({ type: RecommendationDto }) recommendation!: RecommendationDto;
  @ApiProperty({ format: 'date-time' }) assessedAt!: string;
  @ApiProperty({ description: 'The assessor (token subject).' }) assessedBy!: string;
}

export class AssessmentListDto {
  @ApiProperty({ type: [AssessmentDto], description: 'Oldest first; every assessment of the referral on one page.' }) items!: AssessmentDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Always null: one page holds them all.' }) nextCursor!: string | null;
}
