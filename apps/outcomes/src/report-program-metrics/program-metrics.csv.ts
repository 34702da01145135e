import { METRICS, type MetricName } from './program-metrics.definitions';
import type { AnalystProgramMetrics, SuppressibleBreakdown } from './program-metrics.suppression';

const HEADER = ['metric', 'cohort', 'from', 'to', 'locationId', 'rate', 'numerator', 'denominator', 'median', 'count', 'p90', 'patients', 'mean', 'weeks', 'group'];

const cell = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

type Scope = { from: string; to: string; locationId: string | null };
type Figure = Partial<Record<'rate' | 'numerator' | 'denominator' | 'median' | 'count' | 'p90' | 'patients' | 'mean' | 'weeks', number | null>>;

/** A cell's group, `key=value` pairs joined by `;` (values are codes and ids: no commas, quotes or semicolons). */
const groupOf = (c: object): string => Object.entries(c).filter(([k]) => k !== 'count' && k !== 'suppressed').map(([k, v]) => `${k}=${String(v)}`).join(';');

/**
 * One row per metric, its columns filled by the metric's kind (rate, median, response time, mean); a breakdown is a
 * row for its total (in `count`, no group) and a row per cell (its `group`, e.g. `reason=completed`).
 */
export function programMetricsCsv(metrics: AnalystProgramMetrics, scope: Scope): string {
  const row = (name: MetricName, v: Figure, group = '') => [
    name, METRICS[name].cohort, scope.from, scope.to, scope.locationId, v.rate, v.numerator, v.denominator, v.median, v.count, v.p90, v.patients, v.mean,
    v.weeks, group,
  ];
  const rows = (Object.keys(METRICS) as MetricName[]).flatMap((name) => {
    const value = metrics[name];
    if ('cells' in value) {
      const b = value as SuppressibleBreakdown<object>;
      return [row(name, { count: b.total }), ...b.cells.map((c) => row(name, { count: c.count }, groupOf(c)))];
    }
    return [row(name, value as Figure)];
  });
  return [HEADER, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
