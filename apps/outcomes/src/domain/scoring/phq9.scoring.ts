import type { SeverityBand } from '@iop/domain-events';
import { bandOf, checkItemList, sum, type ScoreResult } from './scored-measure';

/**
 * PHQ-9 (Kroenke, Spitzer & Williams, J Gen Intern Med 2001;16(9):606-613): nine items 0-3, total 0-27.
 * Bands 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately severe, 20-27 severe (docs/DOMAIN.md section 3).
 */
export const PHQ9_SCORING_VERSION = 'phq9-2001';

const PHQ9_BANDS: readonly (readonly [number, SeverityBand])[] = [
  [20, 'severe'],
  [15, 'moderately-severe'],
  [10, 'moderate'],
  [5, 'mild'],
  [0, 'minimal'],
];

/** Item 9 asks about thoughts of self-harm: any answer above 0 needs a clinician's safety follow-up the same day. */
export const phq9Item9IsPositive = (items: readonly number[]): boolean => items[8] > 0;

export function scorePhq9(answers: unknown): ScoreResult {
  const checked = checkItemList(answers, 9, 3);
  if (!checked.ok) return checked;
  const total = sum(checked.items);
  const alert = phq9Item9IsPositive(checked.items);
  return {
    ok: true,
    value: {
      scores: { total },
      band: bandOf(total, PHQ9_BANDS),
      safetyAlert: alert,
      ...(alert ? { safetyReason: 'phq9-item9-positive' } : {}),
      scoringVersion: PHQ9_SCORING_VERSION,
    },
  };
}
