import type { CriteriaEdition } from './criteria-edition';

/**
 * ASAM levels of care the platform names (docs/DOMAIN.md section 2), spelled exactly as the HTTP API and the
 * `domain-events` contracts spell them. Deliberately not imported from `domain-events`: this lib stays dependency-free.
 */
export const LEVEL_OF_CARE_CODES = ['0.5', '1', '2.1', '2.5', '3.1', '3.5', '3.7', '4'] as const;
export type LevelOfCare = (typeof LEVEL_OF_CARE_CODES)[number];

export type LevelOfCareDefinition = {
  level: LevelOfCare;
  /** 0 = least intensive. Only the order matters; never average or subtract ranks. */
  intensityRank: number;
  thirdEditionName: string;
  fourthEditionName: string;
};

/**
 * Ordered least to most intensive. 4th edition names where they differ: 2.5 becomes "high-intensity outpatient",
 * 3.7 "medically managed residential". The 4th edition splits Level 1 (1.0/1.5/1.7) and adds 2.7; the platform keeps
 * one code per row here because the API's code list has no finer levels. Early intervention (0.5) sits outside the
 * 4th edition's treatment continuum; the platform keeps it so an all-low profile still has a name.
 */
export const LEVELS_OF_CARE: readonly LevelOfCareDefinition[] = [
  { level: '0.5', intensityRank: 0, thirdEditionName: 'Early intervention', fourthEditionName: 'Early intervention' },
  { level: '1', intensityRank: 1, thirdEditionName: 'Outpatient services', fourthEditionName: 'Outpatient treatment' },
  {
    level: '2.1',
    intensityRank: 2,
    thirdEditionName: 'Intensive outpatient services',
    fourthEditionName: 'Intensive outpatient',
  },
  {
    level: '2.5',
    intensityRank: 3,
    thirdEditionName: 'Partial hospitalization services',
    fourthEditionName: 'High-intensity outpatient',
  },
  {
    level: '3.1',
    intensityRank: 4,
    thirdEditionName: 'Clinically managed low-intensity residential services',
    fourthEditionName: 'Clinically managed low-intensity residential',
  },
  {
    level: '3.5',
    intensityRank: 5,
    thirdEditionName: 'Clinically managed high-intensity residential services',
    fourthEditionName: 'Clinically managed high-intensity residential',
  },
  {
    level: '3.7',
    intensityRank: 6,
    thirdEditionName: 'Medically monitored intensive inpatient services',
    fourthEditionName: 'Medically managed residential',
  },
  {
    level: '4',
    intensityRank: 7,
    thirdEditionName: 'Medically managed intensive inpatient services',
    fourthEditionName: 'Medically managed intensive inpatient',
  },
];

export const isLevelOfCare = (x: unknown): x is LevelOfCare =>
  typeof x === 'string' && (LEVEL_OF_CARE_CODES as readonly string[]).includes(x);

const definitionOf = (level: LevelOfCare): LevelOfCareDefinition =>
  LEVELS_OF_CARE.find((d) => d.level === level) as LevelOfCareDefinition;

export const intensityRank = (level: LevelOfCare): number => definitionOf(level).intensityRank;

export const levelOfCareName = (level: LevelOfCare, edition: CriteriaEdition): string =>
  edition === 3 ? definitionOf(level).thirdEditionName : definitionOf(level).fourthEditionName;

/** Negative when `a` is less intensive than `b`, 0 when equal, positive when more intensive. */
export const compareLevels = (a: LevelOfCare, b: LevelOfCare): number => intensityRank(a) - intensityRank(b);

/** The most intensive of the given levels; the least intensive level (0.5) for an empty list. */
export const mostIntensiveLevel = (levels: readonly LevelOfCare[]): LevelOfCare =>
  levels.reduce<LevelOfCare>((max, l) => (compareLevels(l, max) > 0 ? l : max), '0.5');

/** The level an IOP episode is admitted to (docs/DOMAIN.md section 2: "Level 2.1 remains intensive outpatient"). */
export const INTENSIVE_OUTPATIENT: LevelOfCare = '2.1';
