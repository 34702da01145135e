/**
 * Subscription filters: exact CloudEvents types (`iop.admissions.PatientAdmitted.v1`) or a trailing wildcard
 * (`iop.admissions.*`, `iop.admissions.PatientAdmitted.*`). The same rule runs in SQL (`webhooks_type_matches`).
 */
import type { FieldError } from '@iop/decider';
import { DELIVERABLE_TYPES } from './deliverable-types';

export const MAX_EVENT_TYPES = 50;

const isWildcard = (pattern: string): boolean => pattern.endsWith('.*');

export function typeMatches(pattern: string, type: string): boolean {
  return isWildcard(pattern) ? type.startsWith(pattern.slice(0, -1)) : pattern === type;
}

/**
 * Every entry `eventTypeProblems` accepts, for the OpenAPI document: each deliverable type, and each family wildcard
 * (`iop.*`, `iop.admissions.*`, `iop.admissions.PatientAdmitted.*`) that matches one.
 */
export const SUBSCRIBABLE_PATTERNS: readonly string[] = [...new Set(DELIVERABLE_TYPES.flatMap((type) => {
  const parts = type.split('.');
  return [type, ...parts.slice(0, -1).map((_, i) => `${parts.slice(0, i + 1).join('.')}.*`)];
}))].sort();

export const filterMatches = (patterns: readonly string[], type: string): boolean => patterns.some((p) => typeMatches(p, type));

/** Field errors for a filter: empty, too long, duplicated, or naming no deliverable type. */
export function eventTypeProblems(patterns: readonly string[]): FieldError[] {
  if (patterns.length === 0) return [{ path: 'eventTypes', message: 'must list at least one event type' }];
  if (patterns.length > MAX_EVENT_TYPES) return [{ path: 'eventTypes', message: `must list at most ${MAX_EVENT_TYPES} event types` }];
  const problems: FieldError[] = [];
  patterns.forEach((pattern, i) => {
    if (patterns.indexOf(pattern) !== i) problems.push({ path: `eventTypes.${i}`, message: `${pattern} is listed twice` });
    else if (pattern.includes('*') && (!isWildcard(pattern) || pattern.indexOf('*') !== pattern.length - 1)) {
      problems.push({ path: `eventTypes.${i}`, message: `${pattern}: a wildcard may only end the type, as in iop.admissions.*` });
    } else if (!DELIVERABLE_TYPES.some((t) => typeMatches(pattern, t))) {
      problems.push({ path: `eventTypes.${i}`, message: `${pattern} is not an event type integrators can subscribe to` });
    }
  });
  return problems;
}
