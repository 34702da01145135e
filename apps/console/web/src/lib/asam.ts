/**
 * Levels of care as the forms show them, from @iop/asam-criteria (the rules the API runs). The dimensions and the
 * anchor of each rating come from the API (GET /api/admissions/v1/assessment-criteria), not from here.
 */
import { LEVELS_OF_CARE, levelOfCareName, type CriteriaEdition, type LevelOfCare } from '@iop/asam-criteria';

export type { CriteriaEdition, LevelOfCare };

export const levelOptions = (edition: CriteriaEdition = 3): { id: LevelOfCare; label: string }[] =>
  LEVELS_OF_CARE.map((l) => ({ id: l.level, label: `${l.level}: ${levelOfCareName(l.level, edition)}` }));

export const levelLabel = (level: string, edition: CriteriaEdition = 3): string => {
  const known = LEVELS_OF_CARE.find((l) => l.level === level);
  return known ? `Level ${level}, ${levelOfCareName(known.level, edition)}` : `Level ${level}`;
};
