import { ProblemError } from '@iop/platform';
import type { ResourceType } from '../resources/fhir-resources';

type Param = { name: string; type: 'token' | 'reference' | 'date' };
const COMMON: Param[] = [{ name: '_id', type: 'token' }, { name: '_lastUpdated', type: 'date' }];
const CLINICAL: Param[] = [...COMMON, { name: 'patient', type: 'reference' }, { name: 'date', type: 'date' }, { name: 'status', type: 'token' }];

/** The search parameters served, per resource type (the CapabilityStatement lists the same). */
export const SEARCH_PARAMS: Record<ResourceType, Param[]> = {
  Patient: COMMON,
  EpisodeOfCare: CLINICAL,
  Encounter: CLINICAL,
  Appointment: CLINICAL,
  Observation: CLINICAL,
  Consent: CLINICAL,
  Condition: CLINICAL,
  CarePlan: CLINICAL,
  Goal: CLINICAL,
  CareTeam: CLINICAL,
  Location: [...COMMON, { name: 'status', type: 'token' }],
  Organization: [...COMMON, { name: 'identifier', type: 'token' }],
  Practitioner: [...COMMON, { name: 'identifier', type: 'token' }],
};

export const DEFAULT_COUNT = 50;
export const MAX_COUNT = 200;
/** Parameters about the response, not the match; `_format` is accepted for JSON only. */
const RESULT_PARAMS = new Set(['_count', '_offset', '_format']);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A FHIR date, dateTime or instant, as far as the comparison below needs (its prefix of digits and separators). */
const DATE = /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;
const PREFIXES = ['eq', 'ne', 'gt', 'lt', 'ge', 'le'] as const;

export interface SearchQuery {
  where: string[];
  values: unknown[];
  count: number;
  offset: number;
}

/**
 * The SQL conditions of a search (after `tenant` and `resource_type`, $1 and $2). Dates compare as the ISO strings the
 * resources hold, at the precision the parameter gives: `date=2026-03` matches every time in March of the clinic's own
 * calendar, whatever the offset. An unknown parameter is refused (400) rather than ignored, so a misspelt filter cannot
 * return everything.
 */
export function parseSearch(type: ResourceType, query: Record<string, string | string[] | undefined>): SearchQuery {
  const allowed = new Set(SEARCH_PARAMS[type].map((p) => p.name));
  const where: string[] = [];
  const values: unknown[] = [];
  const param = (value: unknown) => `$${values.push(value) + 2}`;
  for (const [name, raw] of Object.entries(query)) {
    if (raw === undefined) continue;
    if (RESULT_PARAMS.has(name)) continue;
    if (!allowed.has(name)) throw new ProblemError(400, `The search parameter "${name}" is not supported for ${type}; supported: ${[...allowed, ...RESULT_PARAMS].join(', ')}.`);
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (name === '_id') {
        where.push(`id = ANY(${param(value.split(','))})`);
      } else if (name === 'patient') {
        const ids = value.split(',').map((v) => v.replace(/^Patient\//, ''));
        if (!ids.every((id) => UUID.test(id))) throw new ProblemError(400, 'patient must be a Patient id or Patient/<id>.');
        where.push(`patient_id = ANY(${param(ids)}::uuid[])`);
      } else if (name === 'status') {
        where.push(`status = ANY(${param(value.split(','))})`);
      } else if (name === 'date') {
        where.push(dateCondition(value, param));
      } else if (name === '_lastUpdated') {
        where.push(lastUpdatedCondition(value, param));
      } else if (name === 'identifier') {
        where.push(identifierCondition(value, param));
      }
    }
  }
  if (query._format !== undefined && !['json', 'application/json', 'application/fhir+json'].includes(String(query._format))) {
    throw new ProblemError(406, 'Only JSON is served (_format=json).');
  }
  return { where, values, count: intParam(query._count, '_count', DEFAULT_COUNT, 0, MAX_COUNT), offset: intParam(query._offset, '_offset', 0, 0, 1_000_000) };
}

function dateCondition(value: string, param: (v: unknown) => string): string {
  const prefix = PREFIXES.find((p) => value.startsWith(p)) ?? 'eq';
  const date = value.startsWith(prefix) ? value.slice(2) : value;
  if (!DATE.test(date)) throw new ProblemError(400, `date must be a FHIR date or dateTime with an optional prefix (eq, ne, gt, lt, ge, le), got "${value}".`);
  const at = `left(date, ${date.length})`;
  const p = param(date);
  const op = { eq: '=', ne: '<>', gt: '>', lt: '<', ge: '>=', le: '<=' }[prefix];
  return `(date IS NOT NULL AND ${at} ${op} ${p})`;
}

/**
 * `identifier` as FHIR's token search: `system|value`, `|value` (no system), or `value` (any system); a comma is an
 * OR. Matched by containment in the resource's identifiers (a Practitioner's by its staff subject, the Organization's
 * by its tenant id).
 */
function identifierCondition(value: string, param: (v: unknown) => string): string {
  const alternatives = value.split(',').map((token) => {
    const bar = token.indexOf('|');
    const [system, code] = bar < 0 ? [undefined, token] : [token.slice(0, bar), token.slice(bar + 1)];
    if (!code) throw new ProblemError(400, `identifier must be system|value, |value or value, got "${value}".`);
    // `|value` asks for an identifier without a system.
    if (system === '') return `EXISTS (SELECT 1 FROM jsonb_array_elements(resource -> 'identifier') i WHERE i ->> 'value' = ${param(code)} AND NOT i ? 'system')`;
    return `resource -> 'identifier' @> ${param(JSON.stringify([system === undefined ? { value: code } : { system, value: code }]))}::jsonb`;
  });
  return `(${alternatives.join(' OR ')})`;
}

const INSTANT_PREFIXES = ['eq', 'gt', 'lt', 'ge', 'le'] as const;
const UTC_DATE = /^(\d{4})(-(\d{2})(-(\d{2}))?)?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * `_lastUpdated` against the store's own clock (`meta.lastUpdated`, an instant). A value stands for the interval of its
 * precision, as FHIR's date search says: `2026-03` is all of March (UTC, the store's calendar), `…T10:15Z` that minute.
 * `ge`/`gt`/`le`/`lt` compare with the interval's start or end; none (or `eq`) means within it. A time needs its offset.
 */
export function lastUpdatedRange(value: string): { prefix: (typeof INSTANT_PREFIXES)[number]; from: Date; to: Date } {
  const prefix = INSTANT_PREFIXES.find((p) => value.startsWith(p)) ?? 'eq';
  const text = value.startsWith(prefix) ? value.slice(2) : value;
  const invalid = () => new ProblemError(400, `_lastUpdated must be a date (YYYY, YYYY-MM, YYYY-MM-DD) or a dateTime with its offset, with an optional prefix (ge, gt, le, lt, eq), got "${value}".`);
  const day = UTC_DATE.exec(text);
  if (day) {
    const [y, m, d] = [Number(day[1]), day[3] ? Number(day[3]) - 1 : 0, day[5] ? Number(day[5]) : 1];
    const from = new Date(Date.UTC(y, m, d));
    if (from.getUTCMonth() !== m || from.getUTCDate() !== d) throw invalid();
    const to = day[5] ? new Date(Date.UTC(y, m, d + 1)) : day[3] ? new Date(Date.UTC(y, m + 1, 1)) : new Date(Date.UTC(y + 1, 0, 1));
    return { prefix, from, to };
  }
  if (!DATE_TIME.test(text) || Number.isNaN(Date.parse(text))) throw invalid();
  const from = new Date(Date.parse(text));
  const unit = /T\d{2}:\d{2}(Z|[+-])/.test(text) ? 60_000 : text.includes('.') ? 0.001 : 1000;
  return { prefix, from, to: new Date(from.getTime() + Math.max(unit, 1)) };
}

function lastUpdatedCondition(value: string, param: (v: unknown) => string): string {
  const { prefix, from, to } = lastUpdatedRange(value);
  // Only the bounds used become parameters: PostgreSQL cannot type one the statement does not mention.
  const start = () => `${param(from.toISOString())}::timestamptz`;
  const end = () => `${param(to.toISOString())}::timestamptz`;
  switch (prefix) {
    case 'ge': return `last_updated >= ${start()}`;
    case 'gt': return `last_updated >= ${end()}`;
    case 'le': return `last_updated < ${end()}`;
    case 'lt': return `last_updated < ${start()}`;
    default: return `(last_updated >= ${start()} AND last_updated < ${end()})`;
  }
}

function intParam(raw: string | string[] | undefined, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new ProblemError(400, `${name} must be a whole number from ${min} to ${max}.`);
  return value;
}
