/**
 * The ASAM assessment as the form shows it: the dimensions' names per edition and the levels come from
 * @iop/asam-criteria (the rules the API runs); the anchor of each rating is the criteria's risk-rating scale
 * (docs/DOMAIN.md section 2: 0 none, 1 mild, 2 moderate, 3 severe, 4 extreme or imminent; higher is more need).
 */
import { dimensionsOf, LEVELS_OF_CARE, levelOfCareName, type CriteriaEdition, type LevelOfCare } from '@iop/asam-criteria';

export { dimensionsOf, type CriteriaEdition, type LevelOfCare };

export const RATING_ANCHORS: readonly { rating: 0 | 1 | 2 | 3 | 4; label: string; anchor: string }[] = [
  { rating: 0, label: 'None', anchor: 'No problem or risk now in this dimension; no services needed for it.' },
  { rating: 1, label: 'Mild', anchor: 'Mild difficulty or signs that need monitoring; low risk.' },
  { rating: 2, label: 'Moderate', anchor: 'Moderate difficulty; some risk that needs services to manage.' },
  { rating: 3, label: 'Severe', anchor: 'Serious difficulty; significant risk, needing close monitoring and intensive services.' },
  { rating: 4, label: 'Extreme', anchor: 'Extreme difficulty or imminent danger; needs immediate, intensive care.' },
];

export const levelOptions = (edition: CriteriaEdition = 3): { id: LevelOfCare; label: string }[] =>
  LEVELS_OF_CARE.map((l) => ({ id: l.level, label: `${l.level}: ${levelOfCareName(l.level, edition)}` }));

export const levelLabel = (level: string, edition: CriteriaEdition = 3): string => {
  const known = LEVELS_OF_CARE.find((l) => l.level === level);
  return known ? `Level ${level}, ${levelOfCareName(known.level, edition)}` : `Level ${level}`;
};
