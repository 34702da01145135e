import { addDays, daysBetween, mondayOf } from '@iop/calendar';

/** The metrics themselves, one function each; program-metrics.definitions.ts states each one's cohort and rule. */
export type Rate = { rate: number | null; numerator: number; denominator: number };
export type Median = { median: number | null; count: number };

/** An episode of the admission cohort; `attendedDays` are distinct days attended (present or late), ascending. */
export type AdmissionFacts = {
  startDate: string; admittedOn: string; referredOn: string; dischargeDate: string | null; dischargeReason: string | null;
  attendedDays: string[]; weeks: number; compliantWeeks: number; hoursAttended: number; sessions: number; sessionsAttended: number;
};

/** An episode of the discharge cohort; `phq9`/`gad7` are totals within the episode in the order taken. */
export type DischargeFacts = {
  startDate: string; dischargeDate: string; reason: string; firstFollowUpAbstinent: boolean | null; phq9: number[]; gad7: number[];
};

/** A safety alert of the alert cohort: when it opened and, if so, was acknowledged and resolved (instants). */
export type AlertFacts = { episodeId: string; openedAt: string; acknowledgedAt: string | null; resolvedAt: string | null };

/** Episodes enrolled on the census day at one location in one track. */
export type CensusFacts = { locationId: string; track: string; episodes: number };

/** A mean over patient-weeks: `weeks` summarised, of `patients` episodes. */
export type Mean = { mean: number | null; weeks: number; patients: number };

/** An alumni session attended (present, late or left early): the alumnus is the patient, alumni since `dischargeDate`. */
export type AlumniSessionFacts = { patientId: string; sessionDate: string; dischargeDate: string };

/** A count of patients. */
export type Count = { count: number };

/** A count of sessions, and of the patients who attended them. */
export type Tally = { count: number; patients: number };

/** A count split by a key; the cells add up to `total`. */
export type Breakdown<K> = { total: number; cells: (K & { count: number })[] };

export type Census = Breakdown<{ locationId: string; track: string }> & { asOf: string };

/** A response time: median and 90th percentile in minutes, over `count` alerts of `patients` episodes. */
export type Duration = { median: number | null; p90: number | null; count: number; patients: number };

const COMPLETED = new Set(['completed', 'step-down']);
/** A session the patient came to, even late or leaving early; the absences (excused or not) are the rest. */
const ATTENDED = new Set(['present', 'late', 'left-early']);
export const ATTENDED_STATUSES = [...ATTENDED];

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

export function attendanceRate(cohort: readonly AdmissionFacts[]): Rate {
  return rate(cohort.reduce((n, e) => n + e.sessionsAttended, 0), cohort.reduce((n, e) => n + e.sessions, 0));
}

export function averageHoursPerWeek(cohort: readonly AdmissionFacts[]): Mean {
  const weeks = cohort.reduce((n, e) => n + e.weeks, 0);
  const hours = cohort.reduce((n, e) => n + e.hoursAttended, 0);
  return { mean: weeks ? Math.round((hours / weeks) * 100) / 100 : null, weeks, patients: count(cohort, (e) => e.weeks > 0) };
}

/** Every reason the contracts know, in their order (a zero included, so that a chart keeps its rows), then any other. */
export function dischargesByReason(cohort: readonly DischargeFacts[], reasons: readonly string[]): Breakdown<{ reason: string }> {
  const all = [...reasons, ...new Set(cohort.map((e) => e.reason).filter((r) => !reasons.includes(r)))];
  return { total: cohort.length, cells: all.map((reason) => ({ reason, count: count(cohort, (e) => e.reason === reason) })) };
}

export function census(rows: readonly CensusFacts[], asOf: string): Census {
  const cells = [...rows]
    .sort((a, b) => a.locationId.localeCompare(b.locationId) || a.track.localeCompare(b.track))
    .map((r) => ({ locationId: r.locationId, track: r.track, count: r.episodes }));
  return { asOf, total: cells.reduce((n, c) => n + c.count, 0), cells };
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

/** Alumni sessions attended, by alumnus, with the latest discharge (a readmitted alumnus is one again from then). */
function byAlumnus(sessions: readonly AlumniSessionFacts[]): Map<string, { dischargeDate: string; days: string[] }> {
  const alumni = new Map<string, { dischargeDate: string; days: string[] }>();
  for (const s of sessions) {
    const a = alumni.get(s.patientId) ?? { dischargeDate: s.dischargeDate, days: [] };
    if (s.dischargeDate > a.dischargeDate) a.dischargeDate = s.dischargeDate;
    a.days.push(s.sessionDate);
    alumni.set(s.patientId, a);
  }
  return alumni;
}

export const alumniActive = (sessions: readonly AlumniSessionFacts[]): Count => ({ count: byAlumnus(sessions).size });

export const alumniSessionsAttended = (sessions: readonly AlumniSessionFacts[]): Tally => ({ count: sessions.length, patients: byAlumnus(sessions).size });

/** The whole Monday-to-Sunday weeks within [from, to] that begin after `dischargeDate`, by their Monday. */
export function alumniWeeks(from: string, to: string, dischargeDate: string): string[] {
  const firstMonday = mondayOf(from) < from ? addDays(mondayOf(from), 7) : from;
  const afterDischarge = addDays(mondayOf(dischargeDate), 7);
  const weeks: string[] = [];
  for (let w = firstMonday > afterDischarge ? firstMonday : afterDischarge; addDays(w, 6) <= to; w = addDays(w, 7)) weeks.push(w);
  return weeks;
}

/**
 * "Alumni may continue attending sessions once a week": of the alumni active in the period with at least one whole
 * week as alumni in it, the share who attended an alumni session in every such week.
 */
export function alumniAttendingWeekly(sessions: readonly AlumniSessionFacts[], from: string, to: string): Rate {
  let weekly = 0;
  let eligible = 0;
  for (const { dischargeDate, days } of byAlumnus(sessions).values()) {
    const weeks = alumniWeeks(from, to, dischargeDate);
    if (weeks.length === 0) continue;
    eligible += 1;
    if (weeks.every((w) => days.some((d) => d >= w && d <= addDays(w, 6)))) weekly += 1;
  }
  return rate(weekly, eligible);
}

export type ProgramMetrics = {
  abstinenceAtFirstFollowUp: Rate; completionRate: Rate; retentionWeek4: Rate; retentionWeek8: Rate; medianLengthOfStayDays: Median;
  medianDaysReferralToAdmission: Median; attendanceCompliance: Rate; phq9ChangeMedian: Median; gad7ChangeMedian: Median; engagement: Rate;
  safetyAlertTimeToAcknowledgeMinutes: Duration; safetyAlertTimeToResolveMinutes: Duration;
  attendanceRate: Rate; averageHoursPerWeek: Mean; dischargesByReason: Breakdown<{ reason: string }>; census: Census;
  alumniActive: Count; alumniSessionsAttended: Tally; alumniAttendingWeekly: Rate;
};

/** The alumni sessions attended in the period, and the period (the weekly share counts its whole weeks). */
export type AlumniInput = { from: string; to: string; sessions: readonly AlumniSessionFacts[] };

/** What the census counts and on which day (the range's last). */
export type CensusInput = { asOf: string; rows: readonly CensusFacts[] };

export function programMetrics(
  admitted: readonly AdmissionFacts[], discharged: readonly DischargeFacts[], today: string, alerts: readonly AlertFacts[] = [],
  enrolled: CensusInput = { asOf: today, rows: [] }, reasons: readonly string[] = [], alumni: AlumniInput = { from: today, to: today, sessions: [] },
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
    attendanceRate: attendanceRate(admitted),
    averageHoursPerWeek: averageHoursPerWeek(admitted),
    dischargesByReason: dischargesByReason(discharged, reasons),
    census: census(enrolled.rows, enrolled.asOf),
    alumniActive: alumniActive(alumni.sessions),
    alumniSessionsAttended: alumniSessionsAttended(alumni.sessions),
    alumniAttendingWeekly: alumniAttendingWeekly(alumni.sessions, alumni.from, alumni.to),
  };
}
