import { ApiError, type ProblemBody } from '../api/client';

/**
 * A problem's `errors` keyed by field name as the forms name their fields: `patient.firstName`, `ratings.d1`. The API
 * writes class-validator paths with dots; a JSON pointer (`/patient/firstName`) is accepted too. `prefix` drops a leading
 * part, e.g. `records.3.` of one record in a bulk request.
 */
export function fieldErrors(problem: ProblemBody | undefined, prefix?: RegExp): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const { path, message } of problem?.errors ?? []) {
    let key = path.startsWith('/') ? path.slice(1).replace(/\//g, '.') : path;
    if (prefix) key = key.replace(prefix, '');
    (out[key || '_'] ??= []).push(message);
  }
  return out;
}

/** The problem of a failed mutation or query, if it was an answer of the API. */
export const problemOf = (error: unknown): ProblemBody | undefined => (error instanceof ApiError ? error.problem : undefined);

export const isConflict = (error: unknown): boolean => error instanceof ApiError && error.status === 409;
