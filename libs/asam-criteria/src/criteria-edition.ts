/**
 * The two editions of The ASAM Criteria in use (docs/DOMAIN.md section 2). Every assessment records its edition, and the
 * edition decides what each of the six rated dimensions means: the ratings object is `{ d1..d6 }` for both.
 */
export const CRITERIA_EDITIONS = [3, 4] as const;
export type CriteriaEdition = (typeof CRITERIA_EDITIONS)[number];

export const isCriteriaEdition = (x: unknown): x is CriteriaEdition => x === 3 || x === 4;

export const DIMENSION_KEYS = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6'] as const;
export type DimensionKey = (typeof DIMENSION_KEYS)[number];

export type Dimension = {
  key: DimensionKey;
  /** Stable per-edition code, e.g. for an Observation coding; never reused across editions with another meaning. */
  code: string;
  name: string;
};

/** 3rd edition (2013), Mee-Lee et al. (eds.): the six dimensions of the multidimensional assessment. */
export const THIRD_EDITION_DIMENSIONS: readonly Dimension[] = [
  { key: 'd1', code: 'asam3-d1-intoxication-withdrawal', name: 'Acute intoxication and/or withdrawal potential' },
  { key: 'd2', code: 'asam3-d2-biomedical', name: 'Biomedical conditions and complications' },
  {
    key: 'd3',
    code: 'asam3-d3-emotional-behavioral-cognitive',
    name: 'Emotional, behavioral or cognitive conditions and complications',
  },
  { key: 'd4', code: 'asam3-d4-readiness-to-change', name: 'Readiness to change' },
  { key: 'd5', code: 'asam3-d5-relapse-potential', name: 'Relapse, continued use or continued problem potential' },
  { key: 'd6', code: 'asam3-d6-recovery-environment', name: 'Recovery/living environment' },
];

/**
 * 4th edition (2023): readiness to change is no longer its own dimension; D4-D6 change meaning, so a 4th edition
 * rating must never be compared with a 3rd edition rating of the same key.
 */
export const FOURTH_EDITION_DIMENSIONS: readonly Dimension[] = [
  {
    key: 'd1',
    code: 'asam4-d1-intoxication-withdrawal-medications',
    name: 'Intoxication, withdrawal and addiction medications',
  },
  { key: 'd2', code: 'asam4-d2-biomedical', name: 'Biomedical conditions' },
  { key: 'd3', code: 'asam4-d3-psychiatric-cognitive', name: 'Psychiatric and cognitive conditions' },
  { key: 'd4', code: 'asam4-d4-substance-use-risks', name: 'Substance use-related risks' },
  { key: 'd5', code: 'asam4-d5-recovery-environment', name: 'Recovery environment interactions' },
  { key: 'd6', code: 'asam4-d6-person-centered', name: 'Person-centered considerations' },
];

export const dimensionsOf = (edition: CriteriaEdition): readonly Dimension[] =>
  edition === 3 ? THIRD_EDITION_DIMENSIONS : FOURTH_EDITION_DIMENSIONS;

export const dimensionOf = (edition: CriteriaEdition, key: DimensionKey): Dimension =>
  dimensionsOf(edition).find((d) => d.key === key) as Dimension;

/** "D1" for `d1`: the spelling clinicians use in evidence strings. */
export const dimensionLabel = (key: DimensionKey): string => key.toUpperCase();
