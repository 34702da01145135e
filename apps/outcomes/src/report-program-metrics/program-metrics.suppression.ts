import { isSmallCell, suppressCount, suppressMedian, suppressRate, type SuppressibleMedian, type SuppressibleRate } from '@iop/platform';
import type { Breakdown, Census, Count, Duration, Mean, ProgramMetrics, Tally } from './program-metrics.rules';

/** A figure as the analyst role receives it: the same shape with null values and `suppressed: true` where hidden. */
type Hidden<T> = { [K in keyof T]: T[K] extends number ? number | null : T[K] } & { suppressed?: true };
export type SuppressibleBreakdown<K> = { total: number | null; cells: (K & { count: number | null; suppressed?: true })[] };

export type AnalystProgramMetrics = {
  [K in keyof ProgramMetrics]: ProgramMetrics[K] extends Census ? SuppressibleBreakdown<{ locationId: string; track: string }> & { asOf: string }
    : ProgramMetrics[K] extends Breakdown<infer C> ? SuppressibleBreakdown<C>
      : ProgramMetrics[K] extends Duration ? Hidden<Duration>
        : ProgramMetrics[K] extends Mean ? Hidden<Mean>
          : ProgramMetrics[K] extends Tally ? Hidden<Tally>
            : ProgramMetrics[K] extends { rate: unknown } ? SuppressibleRate
              : ProgramMetrics[K] extends { median: unknown } ? SuppressibleMedian : Hidden<Count>;
};

/**
 * A breakdown's cells of 1 to 10 are hidden. Its total is shown (when not small itself), so the hidden cells' sum is
 * known: while that sum is from 1 to 10 (one hidden cell, or several small ones), the smallest shown non-zero cell is
 * hidden too, so no subtraction gives back a figure about 1 to 10 patients.
 */
export function suppressBreakdown<K>(b: Breakdown<K>): SuppressibleBreakdown<K> {
  const hidden = new Set(b.cells.flatMap((c, i) => (isSmallCell(c.count) ? [i] : [])));
  const hiddenSum = () => [...hidden].reduce((n, i) => n + b.cells[i].count, 0);
  while (isSmallCell(hiddenSum())) {
    const next = b.cells.map((c, i) => ({ count: c.count, i })).filter((c) => !hidden.has(c.i) && c.count > 0).sort((x, y) => x.count - y.count)[0];
    if (!next) break;
    hidden.add(next.i);
  }
  return { total: suppressCount(b.total), cells: b.cells.map((c, i) => (hidden.has(i) ? { ...c, count: null, suppressed: true as const } : c)) };
}

/** A response time describes its patients (episodes), not its alerts: fewer than 11 of them, nothing is shown. */
function suppressDuration(d: Duration): Hidden<Duration> {
  return isSmallCell(d.patients) ? { median: null, p90: null, count: null, patients: null, suppressed: true } : d;
}

/** A mean of hours describes the patients whose weeks it summarises. */
function suppressMean(m: Mean): Hidden<Mean> {
  return isSmallCell(m.patients) ? { mean: null, weeks: null, patients: null, suppressed: true } : m;
}

/** Sessions attended describe the alumni who attended them: fewer than 11 of them, nothing is shown. */
function suppressTally(t: Tally): Hidden<Tally> {
  return isSmallCell(t.patients) ? { count: null, patients: null, suppressed: true } : t;
}

function suppressPatients(c: Count): Hidden<Count> {
  return isSmallCell(c.count) ? { count: null, suppressed: true } : c;
}

/** What the analyst role sees: every figure about 1 to 10 patients suppressed (the rule is in @iop/platform, small-cells). */
export function forAnalysts(m: ProgramMetrics): AnalystProgramMetrics {
  return {
    abstinenceAtFirstFollowUp: suppressRate(m.abstinenceAtFirstFollowUp),
    completionRate: suppressRate(m.completionRate),
    retentionWeek4: suppressRate(m.retentionWeek4),
    retentionWeek8: suppressRate(m.retentionWeek8),
    medianLengthOfStayDays: suppressMedian(m.medianLengthOfStayDays),
    medianDaysReferralToAdmission: suppressMedian(m.medianDaysReferralToAdmission),
    attendanceCompliance: suppressRate(m.attendanceCompliance),
    phq9ChangeMedian: suppressMedian(m.phq9ChangeMedian),
    gad7ChangeMedian: suppressMedian(m.gad7ChangeMedian),
    engagement: suppressRate(m.engagement),
    safetyAlertTimeToAcknowledgeMinutes: suppressDuration(m.safetyAlertTimeToAcknowledgeMinutes),
    safetyAlertTimeToResolveMinutes: suppressDuration(m.safetyAlertTimeToResolveMinutes),
    attendanceRate: suppressRate(m.attendanceRate),
    averageHoursPerWeek: suppressMean(m.averageHoursPerWeek),
    dischargesByReason: suppressBreakdown<{ reason: string }>(m.dischargesByReason),
    census: { asOf: m.census.asOf, ...suppressBreakdown<{ locationId: string; track: string }>(m.census) },
    alumniActive: suppressPatients(m.alumniActive),
    alumniSessionsAttended: suppressTally(m.alumniSessionsAttended),
    alumniAttendingWeekly: suppressRate(m.alumniAttendingWeekly),
  };
}
