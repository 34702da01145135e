import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import {
  CRITERIA_EDITIONS, type CriteriaEdition, DIMENSION_KEYS, dimensionsOf, LEVEL_OF_CARE_CODES, RATING_VALUES, type Rating, thresholdsFor,
} from '@iop/asam-criteria';
import { Roles } from '@iop/platform';
import { CARE_STAFF } from '../shared/access';

/** The rating scale of both editions (docs/DOMAIN.md section 2). */
const RATING_LABELS: Record<Rating, string> = { 0: 'none', 1: 'mild', 2: 'moderate', 3: 'severe', 4: 'extreme or imminent' };

export class RatingAnchorDto {
  @ApiProperty({ enum: RATING_VALUES }) rating!: number;
  @ApiProperty({ enum: Object.values(RATING_LABELS) }) label!: string;
  @ApiProperty({ enum: LEVEL_OF_CARE_CODES, description: 'The least intensive level that safely manages this rating of this dimension on its own.' }) level!: string;
  @ApiProperty({ description: 'The criterion the placement table cites for it: the anchor the assessor rates against.' }) criterion!: string;
}

export class DimensionCriteriaDto {
  @ApiProperty({ enum: DIMENSION_KEYS }) key!: string;
  @ApiProperty({ description: 'Stable per edition, e.g. asam3-d1-intoxication-withdrawal.' }) code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [RatingAnchorDto], description: 'Ratings 0 to 4 in order.' }) ratings!: RatingAnchorDto[];
}

export class EditionCriteriaDto {
  @ApiProperty({ enum: CRITERIA_EDITIONS }) edition!: number;
  @ApiProperty({ type: [DimensionCriteriaDto], description: 'd1 to d6 in order.' }) dimensions!: DimensionCriteriaDto[];
}

export class AssessmentCriteriaDto {
  @ApiProperty({ type: [EditionCriteriaDto] }) editions!: EditionCriteriaDto[];
}

/** Each rating's anchor: the placement row that manages it (the first whose ceiling it does not exceed). */
function anchor(edition: CriteriaEdition, key: (typeof DIMENSION_KEYS)[number], rating: Rating): RatingAnchorDto {
  const rows = [...thresholdsFor(edition, key)].sort((a, b) => a.maxRating - b.maxRating);
  const row = rows.find((r) => rating <= r.maxRating) ?? rows[rows.length - 1];
  return { rating, label: RATING_LABELS[rating], level: row.level, criterion: row.criterion };
}

const CRITERIA: AssessmentCriteriaDto = {
  editions: CRITERIA_EDITIONS.map((edition) => ({
    edition,
    dimensions: dimensionsOf(edition).map((d) => ({ key: d.key, code: d.code, name: d.name, ratings: RATING_VALUES.map((r) => anchor(edition, d.key, r)) })),
  })),
};

/** What the assessment form shows beside each rating: the same table the placement rules apply, no patient data. */
@ApiTags('assessments')
@Controller('v1/assessment-criteria')
export class AssessmentCriteriaController {
  @Get() @Roles(...CARE_STAFF)
  @ApiOperation({ summary: 'The six dimensions of each ASAM edition, each rating 0-4 with its label, the level that manages it and its criterion (the assessment form).' })
  @ApiOkResponse({ type: AssessmentCriteriaDto })
  criteria(): AssessmentCriteriaDto {
    return CRITERIA;
  }
}
