import type { SeverityBand } from '@iop/domain-events';
import { bandOf, checkItemList, sum, type ScoreResult } from './scored-measure';

/**
 * GAD-7 (Spitzer, Kroenke, Williams & Löwe, Arch Intern Med 2006;166(10):1092-1097): seven items 0-3, total
 * 0-21. Bands 0-4 minimal, 5-9 mild, 10-14 moderate, 15-21 severe; no `moderately-severe` band.
 */
export const GAD7_SCORING_VERSION = 'gad7-2006';

const GAD7_BANDS: readonly (readonly [number, SeverityBand])[] = [
  [15, 'severe'],
  [10, 'moderate'],
  [5, 'mild'],
  [0, 'minimal'],
];

export function scoreGad7(answers: unknown): ScoreResult {
  const checked = checkItemList(answers, 7, 3);
  if (!checked.ok) return checked;
  const total = sum(checked.items);
  return { ok: true, value: { scores: { total }, band: bandOf(total, GAD7_BANDS), safetyAlert: false, scoringVersion: GAD7_SCORING_VERSION } };
}
