import { DIMENSION_KEYS, type DimensionKey } from './criteria-edition';

/** 0 none, 1 mild, 2 moderate, 3 severe, 4 extreme/imminent (docs/DOMAIN.md section 2). Higher = more need. */
export const RATING_VALUES = [0, 1, 2, 3, 4] as const;
export type Rating = (typeof RATING_VALUES)[number];

/** The `{ d1..d6 }` shape the HTTP API uses for both editions; the assessment's edition gives each key its meaning. */
export type DimensionalRatings = Readonly<Record<DimensionKey, Rating>>;

export type RatingsValidationError = { path: string; message: string };

export type RatingsValidationResult =
  | { ok: true; ratings: DimensionalRatings }
  | { ok: false; errors: RatingsValidationError[] };

export const isRating = (x: unknown): x is Rating => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 4;

/**
 * Checks untrusted input (an HTTP body, a stored event) before any rule reads it. Reports every problem at once so
 * a form can show them together; `path` is the dimension key, or '' for the object itself.
 */
export const validateRatings = (input: unknown): RatingsValidationResult => {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ path: '', message: 'must be an object with keys d1..d6' }] };
  }
  const record = input as Record<string, unknown>;
  const errors: RatingsValidationError[] = [];
  for (const key of DIMENSION_KEYS) {
    if (!(key in record) || record[key] === undefined) {
      errors.push({ path: key, message: 'is required' });
    } else if (!isRating(record[key])) {
      errors.push({ path: key, message: 'must be an integer from 0 to 4' });
    }
  }
  for (const key of Object.keys(record)) {
    if (!(DIMENSION_KEYS as readonly string[]).includes(key)) {
      errors.push({ path: key, message: 'is not a dimension (expected d1..d6)' });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const ratings = Object.fromEntries(DIMENSION_KEYS.map((k) => [k, record[k]])) as DimensionalRatings;
  return { ok: true, ratings };
};
