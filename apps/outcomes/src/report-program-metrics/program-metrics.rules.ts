import { addDays, daysBetween } from '@iop/calendar';

/** The metrics themselves, one function each; program-metrics.definitions.ts states each one's cohort and rule. */
export type Rate = { rate: number | null; numerator: number; denominator: number };
export type Median = { median: number | null; count: number };

/** An episode of the admission cohort; `attendedDays` are distinct days attended (present or late), ascending. */
export type AdmissionFacts = {
  startDate: string; admittedOn: string; referredOn: string; dischargeDate: string | null; dischargeReason: string | null;
  attendedDays: string[]; weeks: number; compliantWeeks: number;
};

/** An episode of the discharge cohort; `phq9`/`gad7` are totals within the episode in the order taken. */
export type DischargeFacts = {
  startDate: string; dischargeDate: string; reason: string; firstFollowUpAbstinent: boolean | null; phq9: number[]; gad7: number[];
};

/** A safety alert of the alert cohort: when it opened and, if so, was acknowledged and resolved (instants). */
export type AlertFacts = { episodeId: string; openedAt: string; acknowledgedAt: string | null; resolvedAt: string | null };

/** A response time: median and 90th percentile in minutes, over `count` alerts of `patients` episodes. */
export type Duration = { median: number | null; p90: number | null; count: number; patients: number };

const COMPLETED = new Set(['completed', 'step-down']);

export const rate = (numerator: number, denominator: number): Rate => ({ rate: denominator ? numerator / denominator : null, numerator, denominator });

export function median(values: readonly number[]): Median {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value = sorted.length === 0 ? null : sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median: value, count: sorted.length };
}

/** The nearest-rank percentile (the smallest value with at least p% of the values at or below it), as HEDIS reports do. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

const minutesBetween = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / 6_000) / 10;

/** Minutes from opening to `until` over the alerts that reached it; alerts still waiting are left out (counted by the other). */
export function responseTime(alerts: readonly AlertFacts[], until: 'acknowledgedAt' | 'resolvedAt'): Duration {
  const reached = alerts.filter((a) => a[until] !== null);
  const minutes = reached.map((a) => minutesBetween(a.openedAt, a[until]!));
  return { median: median(minutes).median, p90: percentile(minutes, 90), count: reached.length, patients: new Set(reached.map((a) => a.episodeId)).size };
}

const count = <T>(items: readonly T[], test: (item: T) => boolean): number => items.filter(test).length;

export function abstinenceAtFirstFollowUp(cohort: readonly DischargeFacts[]): Rate {
  const reached = cohort.filter((e) => e.firstFollowUpAbstinent !== null);
  return rate(count(reached, (e) => e.firstFollowUpAbstinent === true), reached.length);
}

export const completionRate = (cohort: readonly DischargeFacts[]): Rate => rate(count(cohort, (e) => COMPLETED.has(e.reason)), cohort.length);

export function retention(cohort: readonly AdmissionFacts[], week: number, today: string): Rate {
  const lastDay = (e: AdmissionFacts) => addDays(e.startDate, 7 * week - 1);
  const decided = cohort.filter((e) => lastDay(e) <= today || (e.dischargeDate !== null && e.dischargeDate < lastDay(e)));
  const retained = (e: AdmissionFacts) => e.dischargeDate === null || e.dischargeDate >= lastDay(e) || COMPLETED.has(e.dischargeReason ?? '');
  return rate(count(decided, retained), decided.length);
}

export const medianLengthOfStayDays = (cohort: readonly DischargeFacts[]): Median => median(cohort.map((e) => daysBetween(e.startDate, e.dischargeDate)));

export const medianDaysReferralToAdmission = (cohort: readonly AdmissionFacts[]): Median =>
  median(cohort.map((e) => Math.max(0, daysBetween(e.referredOn, e.admittedOn))));

export function attendanceCompliance(cohort: readonly AdmissionFacts[]): Rate {
  return rate(cohort.reduce((n, e) => n + e.compliantWeeks, 0), cohort.reduce((n, e) => n + e.weeks, 0));
}

export function scoreChangeMedian(cohort: readonly DischargeFacts[], instrument: 'phq9' | 'gad7'): Median {
  const series = cohort.map((e) => e[instrument]).filter((totals) => totals.length >= 2);
  return median(series.map((totals) => totals[totals.length - 1] - totals[0]));
}

/** HEDIS IET engagement, adapted: initiation is the first day attended; two more days within 34 days engage. */
export function engagement(cohort: readonly AdmissionFacts[], today: string): Rate {
  const windowEnd = (e: AdmissionFacts) => addDays(e.attendedDays[0] ?? e.startDate, 34);
  const decided = cohort.filter((e) => e.dischargeDate !== null || windowEnd(e) < today);
  const engaged = (e: AdmissionFacts) => e.attendedDays.length > 0 && count(e.attendedDays, (d) => d > e.attendedDays[0] && d <= windowEnd(e)) >= 2;
  return rate(count(decided, engaged), decided.length);
}

export type ProgramMetrics = {
  abstinenceAtFirstFollowUp: Rate; completionRate: Rate; retentionWeek4: Rate; retentionWeek8: Rate; medianLengthOfStayDays: Median;
  medianDaysReferralToAdmission: Median; attendanceCompliance: Rate; phq9ChangeMedian: Median; gad7ChangeMedian: Median; engagement: Rate;
  safetyAlertTimeToAcknowledgeMinutes: Duration; safetyAlertTimeToResolveMinutes: Duration;
};

export function programMetrics(
  admitted: readonly AdmissionFacts[], discharged: readonly DischargeFacts[], today: string, alerts: readonly AlertFacts[] = [],
): ProgramMetrics {
  return {
    abstinenceAtFirstFollowUp: abstinenceAtFirstFollowUp(discharged),
    completionRate: completionRate(discharged),
    retentionWeek4: retention(admitted, 4, today),
    retentionWeek8: retention(admitted, 8, today),
    medianLengthOfStayDays: medianLengthOfStayDays(discharged),
    medianDaysReferralToAdmission: medianDaysReferralToAdmission(admitted),
    attendanceCompliance: attendanceCompliance(admitted),
    phq9ChangeMedian: scoreChangeMedian(discharged, 'phq9'),
    gad7ChangeMedian: scoreChangeMedian(discharged, 'gad7'),
    engagement: engagement(admitted, today),
    safetyAlertTimeToAcknowledgeMinutes: responseTime(alerts, 'acknowledgedAt'),
    safetyAlertTimeToResolveMinutes: responseTime(alerts, 'resolvedAt'),
  };
}
