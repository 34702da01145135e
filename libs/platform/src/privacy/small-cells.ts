import type { Principal } from '../auth/principal';

/**
 * Small-cell suppression for aggregate figures shown to analysts. A count of 1 to 10 patients can identify them when
 * combined with what an analyst already knows (a clinic of one site, a month, a discharge reason), so, as CMS's cell
 * size suppression policy does for its data, no figure about 1 to 10 patients is shown to the `analyst` role:
 * - a count from 1 to 10 is suppressed (0 is shown: it describes nobody);
 * - a rate is suppressed when its denominator, its numerator or their difference is from 1 to 10 (each can be
 *   worked back from the others);
 * - a median, mean or percentile is suppressed when it summarises fewer than 11 patients.
 * Clinic staff who may see the patients themselves (admin, supervisor) get every figure.
 */
export const SMALL_CELL_MAX = 10;

export const isSmallCell = (n: number): boolean => n >= 1 && n <= SMALL_CELL_MAX;

/** Whether this caller sees suppressed figures: an analyst who holds no role that may see patients' figures anyway. */
export const suppressesSmallCells = (who: Principal): boolean => who.roles.includes('analyst') && !who.roles.some((r) => r === 'admin' || r === 'supervisor');

export type SuppressibleRate = { rate: number | null; numerator: number | null; denominator: number | null; suppressed?: true };
export type SuppressibleMedian = { median: number | null; count: number | null; suppressed?: true };

export function suppressRate(r: { rate: number | null; numerator: number; denominator: number }): SuppressibleRate {
  const small = isSmallCell(r.denominator) || isSmallCell(r.numerator) || isSmallCell(r.denominator - r.numerator);
  return small ? { rate: null, numerator: null, denominator: null, suppressed: true } : r;
}

export function suppressMedian(m: { median: number | null; count: number }): SuppressibleMedian {
  return isSmallCell(m.count) ? { median: null, count: null, suppressed: true } : m;
}

export const suppressCount = (n: number): number | null => (isSmallCell(n) ? null : n);
