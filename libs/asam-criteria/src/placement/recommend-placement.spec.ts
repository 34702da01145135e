import { DIMENSION_KEYS, type CriteriaEdition, type DimensionKey } from '../criteria-edition';
import { compareLevels, type LevelOfCare } from '../level-of-care';
import type { DimensionalRatings, Rating } from '../ratings';
import { recommendPlacement } from './recommend-placement';

const zero: DimensionalRatings = { d1: 0, d2: 0, d3: 0, d4: 0, d5: 0, d6: 0 };
const rate = (r: Partial<Record<DimensionKey, Rating>>): DimensionalRatings => ({ ...zero, ...r });
/** A typical IOP referral: one of D4-D6 at 2, D1-D3 low. */
const iop = rate({ d5: 2 });
const editions = [3, 4] as const;

const ruleOf = (edition: CriteriaEdition, ratings: DimensionalRatings, id: string) =>
  recommendPlacement(edition, ratings).rules.find((r) => r.id === id);

describe('recommendPlacement: the Level 2.1 admission rule, both editions', () => {
  it.each(
    editions.flatMap((ed) => [
      [ed, 'd1', 1, 'd1.withdrawal-risk-manageable-outpatient', true, '2.1'],
      [ed, 'd1', 2, 'd1.withdrawal-risk-manageable-outpatient', false, '2.5'],
      [ed, 'd2', 1, 'd2.biomedical-conditions-stable', true, '2.1'],
      [ed, 'd2', 2, 'd2.biomedical-conditions-stable', false, '2.5'],
      [ed, 'd3', 2, 'd3.conditions-stable-or-monitored', true, '2.1'],
      [ed, 'd3', 3, 'd3.conditions-stable-or-monitored', false, '3.5'],
    ] as const),
  )('edition %p: %s = %p -> %s passed=%p, level %s', (ed, dim, rating, id, passed, level) => {
    const ratings = rate({ d5: 2, [dim]: rating });
    expect(ruleOf(ed, ratings, id)?.passed).toBe(passed);
    expect(recommendPlacement(ed, ratings).level).toBe(level);
  });

  it.each(
    editions.flatMap((ed) => [
      [ed, 'd4', 1, '0.5'],
      [ed, 'd4', 2, '2.1'],
      [ed, 'd5', 1, '0.5'],
      [ed, 'd5', 2, '2.1'],
      [ed, 'd6', 1, '0.5'],
      [ed, 'd6', 2, '2.1'],
    ] as const),
  )('edition %p: %s alone at %p -> Level %s (the "at least one of D4-D6 >= 2" part)', (ed, dim, rating, level) => {
    const result = recommendPlacement(ed, rate({ [dim]: rating }));
    expect(result.level).toBe(level);
    const [lowest, next] = result.rules.filter((r) => r.id.startsWith(`${dim}.`));
    expect(lowest.passed).toBe(rating <= 1);
    expect(next?.passed).toBe(rating <= 1 ? undefined : true);
  });

  it.each(editions)('edition %p: with D1 = 1 (Level 1 on its own), a D4-D6 rating of 1 keeps Level 1', (ed) => {
    expect(recommendPlacement(ed, rate({ d1: 1, d4: 1, d5: 1, d6: 1 })).level).toBe('1');
    expect(recommendPlacement(ed, rate({ d1: 1, d4: 1, d5: 1, d6: 2 })).level).toBe('2.1');
  });

  it.each(editions)('edition %p: reports the evidence with the actual rating', (ed) => {
    expect(ruleOf(ed, rate({ d1: 1, d4: 2 }), 'd1.withdrawal-risk-manageable-outpatient')?.evidence).toBe(
      'D1 rated 1 (<= 1): manageable at Level 1',
    );
    expect(ruleOf(ed, rate({ d1: 2 }), 'd1.withdrawal-risk-manageable-outpatient')?.evidence).toBe(
      'D1 rated 2 (> 1): beyond Level 1',
    );
  });
});

/** Each dimension alone (the others 0): the least intensive level that safely manages each rating. */
const mapping: Record<CriteriaEdition, Record<DimensionKey, LevelOfCare[]>> = {
  3: {
    d1: ['0.5', '1', '2.5', '3.7', '4'],
    d2: ['0.5', '1', '2.5', '3.7', '4'],
    d3: ['0.5', '1', '1', '3.5', '4'],
    d4: ['0.5', '0.5', '2.1', '2.1', '3.5'],
    d5: ['0.5', '0.5', '2.1', '2.1', '3.5'],
    d6: ['0.5', '0.5', '2.1', '2.1', '3.1'],
  },
  4: {
    d1: ['0.5', '1', '2.5', '3.7', '4'],
    d2: ['0.5', '1', '2.5', '3.7', '4'],
    d3: ['0.5', '1', '1', '3.5', '4'],
    d4: ['0.5', '0.5', '2.1', '2.1', '3.5'],
    d5: ['0.5', '0.5', '2.1', '2.1', '3.1'],
    d6: ['0.5', '0.5', '2.1', '2.1', '2.1'],
  },
};
const mappingCases = editions.flatMap((ed) =>
  DIMENSION_KEYS.flatMap((d) => mapping[ed][d].map((level, rating) => [ed, d, rating as Rating, level] as const)),
);

describe('recommendPlacement: per-dimension mapping at every rating', () => {
  it.each(mappingCases)('edition %p: %s = %p alone -> Level %s', (ed, dim, rating, level) => {
    const result = recommendPlacement(ed, rate({ [dim]: rating }));
    expect(result.level).toBe(level);
    expect(result.levelByDimension[dim]).toBe(level);
  });
});

describe('recommendPlacement: the highest-need dimension decides, never an average', () => {
  it.each<[CriteriaEdition, Partial<Record<DimensionKey, Rating>>, LevelOfCare, DimensionKey]>([
    // Mean 0.67 would read as "early intervention"; severe psychiatric need alone needs Level 4.
    [3, { d3: 4 }, '4', 'd3'],
    // Mean 2.5 would read as "moderate"; no single dimension needs more than 2.1.
    [3, { d1: 1, d2: 1, d3: 2, d4: 3, d5: 3, d6: 3 }, '2.1', 'd4'],
    [4, { d1: 1, d2: 1, d3: 2, d4: 3, d5: 3, d6: 4 }, '2.1', 'd6'],
    [3, { d1: 3, d5: 2 }, '3.7', 'd1'],
    [4, { d2: 2, d5: 4 }, '3.1', 'd5'],
    [3, { d2: 2, d6: 4 }, '3.1', 'd6'],
    [3, { d5: 4, d6: 4 }, '3.5', 'd5'],
  ])('edition %p %p -> Level %s decided by %s', (ed, ratings, level, deciding) => {
    const result = recommendPlacement(ed, rate(ratings));
    expect(result.level).toBe(level);
    expect(result.decidingDimension).toBe(deciding);
  });

  it.each<[Partial<Record<DimensionKey, Rating>>, DimensionKey]>([
    [{ d1: 1, d3: 2 }, 'd3'],
    [{ d4: 2, d5: 2 }, 'd4'],
    [{ d4: 2, d6: 3 }, 'd6'],
    [{}, 'd1'],
  ])('ties at the same level go to the higher rating, then to dimension order: %p -> %s', (ratings, deciding) => {
    expect(recommendPlacement(3, rate(ratings)).decidingDimension).toBe(deciding);
  });
});

describe('recommendPlacement: Level 0.5 and Level 1', () => {
  it.each<[Partial<Record<DimensionKey, Rating>>, LevelOfCare]>([
    [{}, '0.5'],
    [{ d4: 1, d5: 1, d6: 1 }, '0.5'],
    [{ d1: 1 }, '1'],
    [{ d2: 1 }, '1'],
    [{ d3: 1, d4: 1, d5: 1, d6: 1 }, '1'],
  ])('%p -> Level %s', (ratings, level) => {
    expect(recommendPlacement(3, rate(ratings)).level).toBe(level);
    expect(recommendPlacement(4, rate(ratings)).level).toBe(level);
  });
});

const allProfiles = (): DimensionalRatings[] => {
  const out: DimensionalRatings[] = [];
  for (let n = 0; n < 5 ** 6; n++) {
    const digits = DIMENSION_KEYS.map((_, i) => (Math.floor(n / 5 ** i) % 5) as Rating);
    out.push(Object.fromEntries(DIMENSION_KEYS.map((k, i) => [k, digits[i]])) as DimensionalRatings);
  }
  return out;
};

describe('recommendPlacement: over all 15,625 rating profiles', () => {
  const profiles = allProfiles();
  const domainRule = (r: DimensionalRatings) =>
    r.d1 <= 1 && r.d2 <= 1 && r.d3 <= 2 && (r.d4 >= 2 || r.d5 >= 2 || r.d6 >= 2);

  it.each<[CriteriaEdition, (r: DimensionalRatings) => boolean]>([
    [3, (r) => r.d4 < 4 && r.d5 < 4 && r.d6 < 4],
    [4, (r) => r.d4 < 4 && r.d5 < 4],
  ])('edition %p: Level 2.1 exactly when the admission rule of docs/DOMAIN.md section 2 holds and no D4-D6 need is imminent', (ed, notImminent) => {
    const mismatches = profiles.filter((r) => (recommendPlacement(ed, r).level === '2.1') !== (domainRule(r) && notImminent(r)));
    expect(mismatches).toEqual([]);
  });

  it.each(editions)('edition %p: raising any single rating never lowers the level (monotone)', (ed) => {
    const violations = profiles.flatMap((r) =>
      DIMENSION_KEYS.filter((d) => r[d] < 4).filter(
        (d) => compareLevels(recommendPlacement(ed, { ...r, [d]: r[d] + 1 }).level, recommendPlacement(ed, r).level) < 0,
      ),
    );
    expect(violations).toEqual([]);
  });
});

describe('recommendPlacement: rule reporting and input checks', () => {
  it('lists, per dimension, the ceilings exceeded and then the one that manages the rating', () => {
    const d1Rules = recommendPlacement(3, rate({ d1: 2 })).rules.filter((r) => r.id.startsWith('d1.'));
    expect(d1Rules.map((r) => [r.id, r.passed])).toEqual([
      ['d1.no-withdrawal-risk', false],
      ['d1.withdrawal-risk-manageable-outpatient', false],
      ['d1.withdrawal-manageable-with-daily-monitoring', true],
    ]);
    expect(d1Rules[2].criterion).toMatch(/^ASAM 3rd ed\., Dimension 1, Level 2\.5/);
  });

  it('cites the 4th edition for a 4th edition assessment', () => {
    expect(ruleOf(4, iop, 'd5.unsupportive-environment-copable-with-structure')?.criterion).toMatch(/^ASAM 4th ed\./);
    expect(ruleOf(3, iop, 'd5.relapse-likely-without-close-monitoring')?.criterion).toMatch(/^ASAM 3rd ed\./);
  });

  it.each([
    ['a rating of 5', { ...zero, d1: 5 }],
    ['a fractional rating', { ...zero, d2: 1.5 }],
    ['a missing dimension', { d1: 0, d2: 0, d3: 0, d4: 0, d5: 0 }],
  ])('throws RangeError on %s', (_, ratings) => {
    expect(() => recommendPlacement(3, ratings as unknown as DimensionalRatings)).toThrow(RangeError);
  });

  it('throws RangeError on an unknown edition', () => {
    expect(() => recommendPlacement(5 as unknown as CriteriaEdition, iop)).toThrow(/Unknown ASAM criteria edition/);
  });
});
