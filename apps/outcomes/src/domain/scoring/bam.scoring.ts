import type { FieldError } from '@iop/decider';
import { isItemScore, itemError, sum, type ScoreResult } from './scored-measure';

/**
 * Brief Addiction Monitor (VA; Cacciola et al., J Subst Abuse Treat 2013;44(3):256-263), items rated 0-4. No
 * total score is validated, so none is given: three subscales only (docs/DOMAIN.md section 3). Item 17 rates overall
 * progress and is stored, unscored. Item 7 ("days of use of any of the following drugs") is answered as the form asks
 * it, through its sub-items 7A-7G, and its rating is computed from them; it is stored, unscored, as before.
 *
 * Version 2 (`bam-subscales-2`): item 7 comes from its sub-items. Version 1 took "7" alone and the sub-items as
 * optional extras; its records stay as they were stored (nothing is re-scored), and a form with "7" and no
 * sub-items is now refused.
 */
export const BAM_SCORING_VERSION = 'bam-subscales-2';
/** The problem type of a form whose item 7 and sub-items do not fit together. */
export const BAM_ITEM7_PROBLEM = 'bam-item-7';

const ITEM_MAX = 4;
export const BAM_ITEMS = Array.from({ length: 17 }, (_, i) => String(i + 1));
export const BAM_SUB_ITEMS = ['7A', '7B', '7C', '7D', '7E', '7F', '7G'];
/** Items the form always asks directly: all but 7, which its sub-items answer. */
const DIRECT_ITEMS = BAM_ITEMS.filter((k) => k !== '7');

export const BAM_SUBSCALES = {
  use: ['4', '5', '6'],
  risk: ['1', '2', '3', '8', '11', '15'],
  protective: ['9', '10', '12', '13', '14', '16'],
} as const;

/** The BAM's day ranges (past 30 days) behind each rating of a days item: 0, 1-3, 4-8, 9-15, 16-30. */
export const BAM_DAY_RANGES: readonly (readonly [number, number])[] = [[0, 0], [1, 3], [4, 8], [9, 15], [16, 30]];
const DAYS_IN_PERIOD = 30;

/**
 * Item 7's rating from its sub-items: the days of use of any of these drugs are at least the days of the one used
 * most, so the highest sub-item rating. Drugs used on different days can make them more: a clinician who knows so
 * answers "7" as well, and it is checked against what the sub-items allow (`item7Contradiction`).
 */
export const item7FromSubItems = (answers: Record<string, number>): number => Math.max(...BAM_SUB_ITEMS.map((k) => answers[k]));

/** Why a given "7" cannot be true of its sub-items, or undefined when it can. */
export function item7Contradiction(answers: Record<string, number>): string | undefined {
  const given = answers['7'];
  const least = item7FromSubItems(answers);
  if (given < least) return `rates fewer days of drug use than sub-item ${BAM_SUB_ITEMS.find((k) => answers[k] === least)} (${least})`;
  const mostDays = Math.min(DAYS_IN_PERIOD, BAM_SUB_ITEMS.reduce((days, k) => days + BAM_DAY_RANGES[answers[k]][1], 0));
  if (BAM_DAY_RANGES[given][0] > mostDays) {
    return least === 0 ? 'rates days of drug use, but every sub-item 7A-7G is 0' : `rates more days of drug use than the sub-items add up to (at most ${mostDays})`;
  }
  return undefined;
}

function shapeErrors(answers: Record<string, unknown>): FieldError[] {
  const missing = DIRECT_ITEMS.filter((k) => !(k in answers)).map((k) => ({ path: `answers.${k}`, message: 'is required' }));
  const known = new Set([...BAM_ITEMS, ...BAM_SUB_ITEMS]);
  const unknown = Object.keys(answers)
    .filter((k) => !known.has(k))
    .map((k) => ({ path: `answers.${k}`, message: 'is not a BAM item (items are "1" to "17" and "7A" to "7G")' }));
  const outOfRange = Object.entries(answers)
    .filter(([k, v]) => known.has(k) && !isItemScore(v, ITEM_MAX))
    .map(([k]) => itemError(`answers.${k}`, ITEM_MAX));
  return [...missing, ...unknown, ...outOfRange];
}

/** Item 7 is answered through all seven sub-items (0 for a drug not used); "7" alone is refused, not guessed at. */
function item7Errors(answers: Record<string, number>): FieldError[] {
  const given = BAM_SUB_ITEMS.filter((k) => k in answers);
  if (given.length === 0) {
    return [{ path: 'answers.7', message: 'is answered through its sub-items "7A" to "7G" (days of use of each drug, 0 for none): send them, with or without "7"' }];
  }
  const missing = BAM_SUB_ITEMS.filter((k) => !(k in answers));
  if (missing.length) return missing.map((k) => ({ path: `answers.${k}`, message: 'is required: item 7 is answered through all of "7A" to "7G" (0 for a drug not used)' }));
  const contradiction = '7' in answers ? item7Contradiction(answers) : undefined;
  return contradiction ? [{ path: 'answers.7', message: `contradicts its sub-items: it ${contradiction}` }] : [];
}

export function scoreBam(answers: unknown): ScoreResult {
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
    return { ok: false, errors: [{ path: 'answers', message: 'must be an object keyed by item number, "1" to "17" and "7A" to "7G"' }] };
  }
  const items = answers as Record<string, number>;
  const errors = shapeErrors(items);
  if (errors.length) return { ok: false, errors };
  const item7 = item7Errors(items);
  if (item7.length) return { ok: false, errors: item7, problem: BAM_ITEM7_PROBLEM };
  const subscale = (keys: readonly string[]) => sum(keys.map((k) => items[k]));
  const scores = { use: subscale(BAM_SUBSCALES.use), risk: subscale(BAM_SUBSCALES.risk), protective: subscale(BAM_SUBSCALES.protective) };
  // What is stored: the answers as given, with item 7 computed from its sub-items when the form left it out.
  const completed = '7' in items ? undefined : { ...items, 7: item7FromSubItems(items) };
  return { ok: true, value: { scores, safetyAlert: false, scoringVersion: BAM_SCORING_VERSION, ...(completed ? { answers: completed } : {}) } };
}
