/**
 * The dashboard's reading of GET /v1/metrics/program (outcomes): figures as a clinical director reads them, the
 * analyst's suppressed small cells said as "suppressed" (never a number), the filters as the page's query string.
 */
import type { components } from '../../api/outcomes';

export type ProgramMetrics = components['schemas']['ProgramMetricsDto'];
export type Rate = components['schemas']['RateDto'];
export type Median = components['schemas']['MedianDto'];
export type Mean = components['schemas']['MeanDto'];

/** The alumni figures of one response, together (one figure on the page). */
export type AlumniFigures = { active: components['schemas']['CountDto']; sessions: components['schemas']['TallyDto']; weekly: Rate };

export const alumniOf = (m: ProgramMetrics): AlumniFigures => ({ active: m.alumniActive, sessions: m.alumniSessionsAttended, weekly: m.alumniAttendingWeekly });

/** Who may read the program metrics (outcomes' @Roles on GET /v1/metrics/program, docs/ACCESS.md). */
export const DASHBOARD_ROLES = ['admin', 'supervisor', 'medical-director', 'analyst'];

/** "50 to 70 percent reported abstinence at first follow-up": the range the program cites (docs/DOMAIN.md, section 1). */
export const ABSTINENCE_CITED = { low: 0.5, high: 0.7 } as const;

export const SUPPRESSED = 'suppressed';
/** Why a figure is hidden, in the words the page uses once (the API's rule: libs/platform small-cells). */
export const SUPPRESSED_NOTE = 'Figures about 1 to 10 patients are shown as "suppressed" for your role, as the API answers them.';

export type Filters = { from: string; to: string; locationId: string | null };

const pad = (n: number) => String(n).padStart(2, '0');

/** A calendar date moved by whole days (no time zone: the date is a label, not an instant). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The filters of the page's query string; missing or malformed ones take the API's defaults (the year up to today). */
export function filtersOf(params: URLSearchParams, today: string): Filters {
  const to = DATE.test(params.get('to') ?? '') ? params.get('to')! : today;
  const from = DATE.test(params.get('from') ?? '') ? params.get('from')! : addDays(to, -364);
  return { from, to, locationId: params.get('locationId') || null };
}

export type MetricsQuery = { from: string; to: string; locationId?: string };

export function queryOf(f: Filters): MetricsQuery {
  return f.locationId ? { from: f.from, to: f.to, locationId: f.locationId } : { from: f.from, to: f.to };
}

/** The page's query string for these filters. */
export function searchOf(f: Filters): URLSearchParams {
  const q = new URLSearchParams({ from: f.from, to: f.to });
  if (f.locationId) q.set('locationId', f.locationId);
  return q;
}

/** The same figures as CSV, through the console's proxy (the session's cookie goes with a plain link). */
export function csvHref(f: Filters): string {
  const q = searchOf(f);
  q.set('format', 'csv');
  return `/api/outcomes/v1/metrics/program?${q.toString()}`;
}

export const percentOf = (rate: number): string => `${Math.round(rate * 100)}%`;

export function rateText(r: Rate): string {
  if (r.suppressed) return SUPPRESSED;
  return r.rate === null ? 'no data' : percentOf(r.rate);
}

/** "3 of 5", or what stands in for it. */
export function fractionText(r: Rate): string {
  if (r.suppressed) return SUPPRESSED;
  return `${r.numerator ?? 0} of ${r.denominator ?? 0}`;
}

export function countText(n: number | null | undefined, suppressed?: boolean): string {
  if (suppressed || n === null) return SUPPRESSED;
  return n === undefined ? '—' : String(n);
}

const decimal = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

export function medianText(m: Median, unit: string): string {
  if (m.suppressed) return SUPPRESSED;
  return m.median === null ? 'no data' : `${decimal(m.median)} ${unit}`;
}

/** A score change with its sign: −4.5 is an improvement (the scores fall). */
export function changeText(m: Median): string {
  if (m.suppressed) return SUPPRESSED;
  if (m.median === null) return 'no data';
  return m.median > 0 ? `+${decimal(m.median)}` : m.median < 0 ? `−${decimal(-m.median)}` : '0';
}

export function meanText(m: Mean, unit: string): string {
  if (m.suppressed) return SUPPRESSED;
  return m.mean === null ? 'no data' : `${m.mean.toFixed(1)} ${unit}`;
}

/** Where a rate stands against the range the program cites. */
export function againstCited(rate: number | null): 'below' | 'within' | 'above' | null {
  if (rate === null) return null;
  return rate < ABSTINENCE_CITED.low ? 'below' : rate > ABSTINENCE_CITED.high ? 'above' : 'within';
}

/** A location as the caller may read it: its name where scheduling lets them read locations, otherwise a short id. */
export function locationLabel(locationId: string, names: ReadonlyMap<string, string>): string {
  return names.get(locationId) ?? `Location ${locationId.slice(0, 8)}`;
}

export const REASON_LABELS: Record<string, string> = {
  completed: 'Completed',
  'step-down': 'Stepped down',
  transfer: 'Transferred',
  'step-up': 'Stepped up',
  'against-medical-advice': 'Against medical advice',
  administrative: 'Administrative',
  'non-attendance': 'Non-attendance',
};

export const reasonLabel = (reason: string): string => REASON_LABELS[reason] ?? reason;
