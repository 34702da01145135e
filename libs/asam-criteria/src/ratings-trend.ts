import { DIMENSION_KEYS, type DimensionKey } from './criteria-edition';
import type { DimensionalRatings, Rating } from './ratings';

export type RatingChange = 'improved' | 'unchanged' | 'worsened';

export type DimensionTrend = { dimension: DimensionKey; previous: Rating; latest: Rating; change: RatingChange };

/**
 * Latest vs previous reassessment, per dimension: a lower rating is less need, so a drop is an improvement.
 * Both ratings must come from the same edition; comparing a 3rd edition D4 (readiness) with a 4th edition D4
 * (substance use-related risks) would be meaningless, so callers compare only same-edition reassessments.
 */
export const ratingsTrend = (latest: DimensionalRatings, previous: DimensionalRatings): DimensionTrend[] =>
  DIMENSION_KEYS.map((dimension) => {
    const change: RatingChange =
      latest[dimension] < previous[dimension]
        ? 'improved'
        : latest[dimension] > previous[dimension]
          ? 'worsened'
          : 'unchanged';
    return { dimension, previous: previous[dimension], latest: latest[dimension], change };
  });

export const dimensionsThat = (
  trend: readonly DimensionTrend[],
  change: RatingChange,
  among: readonly DimensionKey[] = DIMENSION_KEYS,
): DimensionTrend[] => trend.filter((t) => t.change === change && among.includes(t.dimension));

/** "D5 3->2": short evidence for a list of trends. */
export const describeTrends = (trends: readonly DimensionTrend[]): string =>
  trends.map((t) => `${t.dimension.toUpperCase()} ${t.previous}->${t.latest}`).join(', ');
