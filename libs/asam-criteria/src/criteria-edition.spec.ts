import {
  DIMENSION_KEYS,
  FOURTH_EDITION_DIMENSIONS,
  THIRD_EDITION_DIMENSIONS,
  dimensionLabel,
  dimensionOf,
  dimensionsOf,
  isCriteriaEdition,
} from './criteria-edition';

describe('isCriteriaEdition', () => {
  it.each([
    [3, true],
    [4, true],
    [2, false],
    [5, false],
    ['3', false],
    [3.5, false],
    [null, false],
    [undefined, false],
  ])('%p -> %p', (x, expected) => {
    expect(isCriteriaEdition(x)).toBe(expected);
  });
});

describe('dimension sets', () => {
  it.each([3, 4] as const)('edition %p has d1..d6 in order with unique codes', (edition) => {
    const dims = dimensionsOf(edition);
    expect(dims.map((d) => d.key)).toEqual([...DIMENSION_KEYS]);
    expect(new Set(dims.map((d) => d.code)).size).toBe(6);
  });

  it('3rd edition D4 is readiness to change; 4th edition has no readiness dimension', () => {
    expect(dimensionOf(3, 'd4').name).toBe('Readiness to change');
    expect(FOURTH_EDITION_DIMENSIONS.some((d) => /readiness/i.test(d.name))).toBe(false);
  });

  it.each([
    ['d4', 'Substance use-related risks'],
    ['d5', 'Recovery environment interactions'],
    ['d6', 'Person-centered considerations'],
  ] as const)('4th edition %s is %s', (key, name) => {
    expect(dimensionOf(4, key).name).toBe(name);
  });

  it('no code is shared between editions, so a rating is never read under the wrong edition', () => {
    const third = new Set(THIRD_EDITION_DIMENSIONS.map((d) => d.code));
    expect(FOURTH_EDITION_DIMENSIONS.filter((d) => third.has(d.code))).toEqual([]);
  });

  it('labels a key the way clinicians write it', () => {
    expect(dimensionLabel('d3')).toBe('D3');
  });
});
