import { METRICS, type MetricName } from './program-metrics.definitions';
import type { Median, ProgramMetrics, Rate } from './program-metrics.rules';

const HEADER = ['metric', 'cohort', 'from', 'to', 'locationId', 'rate', 'numerator', 'denominator', 'median', 'count'];

const cell = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

/** One row per metric; rate columns or median columns are filled, by the metric's kind. Values hold no commas or quotes. */
export function programMetricsCsv(metrics: ProgramMetrics, scope: { from: string; to: string; locationId: string | null }): string {
  const rows = (Object.keys(METRICS) as MetricName[]).map((name) => {
    const value = metrics[name] as Partial<Rate & Median>;
    return [name, METRICS[name].cohort, scope.from, scope.to, scope.locationId, value.rate, value.numerator, value.denominator, value.median, value.count];
  });
  return [HEADER, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
