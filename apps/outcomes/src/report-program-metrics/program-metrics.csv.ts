import { METRICS, type MetricName } from './program-metrics.definitions';
import type { Duration, Median, ProgramMetrics, Rate } from './program-metrics.rules';

const HEADER = ['metric', 'cohort', 'from', 'to', 'locationId', 'rate', 'numerator', 'denominator', 'median', 'count', 'p90', 'patients'];

const cell = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

/** One row per metric; rate, median or response-time columns are filled, by the metric's kind. Values hold no commas or quotes. */
export function programMetricsCsv(metrics: ProgramMetrics, scope: { from: string; to: string; locationId: string | null }): string {
  const rows = (Object.keys(METRICS) as MetricName[]).map((name) => {
    const value = metrics[name] as Partial<Rate & Median & Duration>;
    return [
      name, METRICS[name].cohort, scope.from, scope.to, scope.locationId, value.rate, value.numerator, value.denominator, value.median, value.count,
      value.p90, value.patients,
    ];
  });
  return [HEADER, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
