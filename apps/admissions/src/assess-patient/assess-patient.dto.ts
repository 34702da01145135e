import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { CRITERIA_EDITIONS, type CriteriaEdition } from '@iop/asam-criteria';
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
