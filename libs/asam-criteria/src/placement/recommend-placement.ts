import {
  DIMENSION_KEYS,
  dimensionLabel,
  isCriteriaEdition,
  type CriteriaEdition,
  type DimensionKey,
} from '../criteria-edition';
import { compareLevels, type LevelOfCare } from '../level-of-care';
import { validateRatings, type DimensionalRatings, type Rating } from '../ratings';
import { thresholdsFor, type PlacementThreshold } from './placement-thresholds.table';

export type PlacementRuleResult = { id: string; passed: boolean; evidence: string; criterion: string };

export type PlacementRecommendation = {
  edition: CriteriaEdition;
  level: LevelOfCare;
  /** The highest-need dimension: the one whose least safe level is the most intensive. */
  decidingDimension: DimensionKey;
  /** Least intensive level that safely manages each dimension on its own. */
  levelByDimension: Record<DimensionKey, LevelOfCare>;
  /** Every table row evaluated, in order: the ceilings a rating exceeded, then the one that manages it. */
  rules: PlacementRuleResult[];
};

type DimensionPlacement = { dimension: DimensionKey; rating: Rating; level: LevelOfCare; rules: PlacementRuleResult[] };

const evaluateRow = (row: PlacementThreshold, rating: Rating): PlacementRuleResult => {
  const label = dimensionLabel(row.dimension);
  const passed = rating <= row.maxRating;
  const evidence = passed
    ? `${label} rated ${rating} (<= ${row.maxRating}): manageable at Level ${row.level}`
    : `${label} rated ${rating} (> ${row.maxRating}): beyond Level ${row.level}`;
  return { id: row.id, passed, evidence, criterion: row.criterion };
};

/** Walks a dimension's ceilings from the least intensive level up and stops at the first that manages the rating. */
const placeDimension = (edition: CriteriaEdition, dimension: DimensionKey, rating: Rating): DimensionPlacement => {
  const rules: PlacementRuleResult[] = [];
  for (const row of thresholdsFor(edition, dimension)) {
    const result = evaluateRow(row, rating);
    rules.push(result);
    if (result.passed) return { dimension, rating, level: row.level, rules };
  }
  // Unreachable while the table's last row per dimension has maxRating 4 (placement-thresholds.table.spec.ts).
  throw new RangeError(`No placement threshold manages ${dimensionLabel(dimension)} rated ${rating}`);
};

/** Highest-need first: the most intensive level, then the higher rating, then dimension order (D1 first). */
const higherNeed = (a: DimensionPlacement, b: DimensionPlacement): DimensionPlacement => {
  const byLevel = compareLevels(b.level, a.level);
  if (byLevel !== 0) return byLevel > 0 ? b : a;
  return b.rating > a.rating ? b : a;
};

/**
 * ASAM placement is not an average (docs/DOMAIN.md section 2): the highest-need dimension is matched to the least
 * intensive level that can safely manage it, so the recommendation is the maximum of the per-dimension levels.
 * Throws RangeError on ratings that fail `validateRatings`: callers validate untrusted input first.
 */
export const recommendPlacement = (edition: CriteriaEdition, ratings: DimensionalRatings): PlacementRecommendation => {
  if (!isCriteriaEdition(edition)) throw new RangeError(`Unknown ASAM criteria edition: ${String(edition)}`);
  const checked = validateRatings(ratings);
  if (!checked.ok) {
    throw new RangeError(`Invalid ratings: ${checked.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
  }
  const placements = DIMENSION_KEYS.map((d) => placeDimension(edition, d, checked.ratings[d]));
  const deciding = placements.reduce(higherNeed);
  const levelByDimension = Object.fromEntries(placements.map((p) => [p.dimension, p.level])) as Record<
    DimensionKey,
    LevelOfCare
  >;
  return {
    edition,
    level: deciding.level,
    decidingDimension: deciding.dimension,
    levelByDimension,
    rules: placements.flatMap((p) => p.rules),
  };
};
