import type { FieldError } from '@iop/decider';
import type { SeverityBand } from '@iop/domain-events';

/** What scoring yields: the scores a clinician sees, the band and whether a safety follow-up is needed. */
export type ScoredMeasure = {
  scores: Record<string, number>;
  band?: SeverityBand;
  safetyAlert: boolean;
  /** The rule that raised the alert, as a code (`phq9-item9-positive`). */
  safetyReason?: string;
  scoringVersion: string;
  /** The answers to store when scoring completed them (BAM item 7 computed from 7A-7G); absent: store them as given. */
  answers?: Record<string, number>;
};

/** `problem`: the problem type of a refusal more specific than `validation` (e.g. `bam-item-7`). */
export type ScoreResult = { ok: true; value: ScoredMeasure } | { ok: false; errors: FieldError[]; problem?: string };

const isItemScore = (value: unknown, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;

export const itemError = (path: string, max: number): FieldError => ({
  path,
  message: `must be a whole number from 0 to ${max}`,
});

/** A fixed-length questionnaire: exactly `count` whole numbers, each 0..`max`. */
export function checkItemList(answers: unknown, count: number, max: number): { ok: true; items: number[] } | { ok: false; errors: FieldError[] } {
  if (!Array.isArray(answers)) return { ok: false, errors: [{ path: 'answers', message: `must be a list of ${count} answers` }] };
  if (answers.length !== count) {
    return { ok: false, errors: [{ path: 'answers', message: `must hold exactly ${count} answers (got ${answers.length})` }] };
  }
  const errors = answers.flatMap((a, i) => (isItemScore(a, max) ? [] : [itemError(`answers[${i}]`, max)]));
  return errors.length ? { ok: false, errors } : { ok: true, items: answers as number[] };
}

export { isItemScore };

export const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** Bands as [lowest total, band], highest first: the first threshold the total reaches names its band. */
export const bandOf = (total: number, bands: readonly (readonly [number, SeverityBand])[]): SeverityBand =>
  bands.find(([min]) => total >= min)![1];
