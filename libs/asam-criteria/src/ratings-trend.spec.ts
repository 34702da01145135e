import type { DimensionalRatings } from './ratings';
import { describeTrends, dimensionsThat, ratingsTrend } from './ratings-trend';

const previous: DimensionalRatings = { d1: 1, d2: 1, d3: 2, d4: 2, d5: 3, d6: 2 };
const latest: DimensionalRatings = { d1: 2, d2: 1, d3: 1, d4: 2, d5: 2, d6: 3 };

describe('ratingsTrend', () => {
  it.each([
    ['d1', 'worsened'],
    ['d2', 'unchanged'],
    ['d3', 'improved'],
    ['d5', 'improved'],
    ['d6', 'worsened'],
  ] as const)('%s %s (lower is better)', (dimension, change) => {
    expect(ratingsTrend(latest, previous).find((t) => t.dimension === dimension)?.change).toBe(change);
  });

  it('filters by change within chosen dimensions and describes them', () => {
    const worsenedD1toD3 = dimensionsThat(ratingsTrend(latest, previous), 'worsened', ['d1', 'd2', 'd3']);
    expect(describeTrends(worsenedD1toD3)).toBe('D1 1->2');
  });
});
