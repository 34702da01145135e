import type { FieldError } from '@iop/decider';
import { isItemScore, itemError, sum, type ScoreResult } from './scored-measure';

/**
 * Brief Addiction Monitor (VA; Cacciola et al., J Subst Abuse Treat 2013;44(3):256-263), items rated 0-4. No
 * total score is validated, so none is given: three subscales only (docs/DOMAIN.md section 3). Items 7A-7G elaborate
 * item 7 and item 17 rates overall progress; both are stored but unscored.
 */
export const BAM_SCORING_VERSION = 'bam-subscales-1';

const ITEM_MAX = 4;
export const BAM_ITEMS = Array.from({ length: 17 }, (_, i) => String(i + 1));
export const BAM_SUB_ITEMS = ['7A', '7B', '7C', '7D', '7E', '7F', '7G'];

export const BAM_SUBSCALES = {
  use: ['4', '5', '6'],
  risk: ['1', '2', '3', '8', '11', '15'],
  protective: ['9', '10', '12', '13', '14', '16'],
} as const;

function bamErrors(answers: Record<string, unknown>): FieldError[] {
  const missing = BAM_ITEMS.filter((k) => !(k in answers)).map((k) => ({ path: `answers.${k}`, message: 'is required' }));
  const known = new Set([...BAM_ITEMS, ...BAM_SUB_ITEMS]);
  const unknown = Object.keys(answers)
    .filter((k) => !known.has(k))
    .map((k) => ({ path: `answers.${k}`, message: 'is not a BAM item (items are "1" to "17" and "7A" to "7G")' }));
  const outOfRange = Object.entries(answers)
    .filter(([k, v]) => known.has(k) && !isItemScore(v, ITEM_MAX))
    .map(([k]) => itemError(`answers.${k}`, ITEM_MAX));
  return [...missing, ...unknown, ...outOfRange];
}

export function scoreBam(answers: unknown): ScoreResult {
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
    return { ok: false, errors: [{ path: 'answers', message: 'must be an object keyed by item number, "1" to "17"' }] };
  }
  const items = answers as Record<string, number>;
  const errors = bamErrors(items);
  if (errors.length) return { ok: false, errors };
  const subscale = (keys: readonly string[]) => sum(keys.map((k) => items[k]));
  const scores = { use: subscale(BAM_SUBSCALES.use), risk: subscale(BAM_SUBSCALES.risk), protective: subscale(BAM_SUBSCALES.protective) };
  return { ok: true, value: { scores, safetyAlert: false, scoringVersion: BAM_SCORING_VERSION } };
}
