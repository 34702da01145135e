/**
 * Which cohort each program metric uses, and exactly what it counts. Shown in the OpenAPI description and the CSV
 * export, and implemented one function each in program-metrics.rules.ts. Both cohorts count episodes (a readmitted
 * patient counts once per episode); `locationId` filters by the episode's location (its discharge location once
 * discharged); dates are the clinic's calendar days; `from` and `to` are inclusive.
 */
export type Cohort = 'admission' | 'discharge' | 'alert' | 'census' | 'alumni';

export const COHORTS: Record<Cohort, string> = {
  admission: 'episodes whose first program day (startDate) is within [from, to], except episodes cancelled before they started',
  discharge: 'episodes whose discharge day is within [from, to]',
  alert: 'safety alerts opened within [from, to] (UTC days), at the location when given',
  census: 'episodes enrolled at the end of `to`: started by then, not cancelled, not discharged on or before it',
  alumni: 'alumni sessions (booked after a discharge into the alumni track, begun after the discharge) attended (present, late or left early) ' +
    'within [from, to], at the location of the episode the alumnus was discharged from; an alumnus is a patient',
};

export const METRICS = {
  abstinenceAtFirstFollowUp: {
    cohort: 'discharge',
    definition: 'Of discharged episodes with at least one completed follow-up, the share abstinent at the earliest completed one (by contact time, in or out of its window).',
  },
  completionRate: { cohort: 'discharge', definition: 'Share of discharges with reason completed or step-down.' },
  retentionWeek4: {
    cohort: 'admission',
    definition: 'Share still enrolled on the last day of program week 4 (day 27 from the first program day), or discharged earlier as completed/step-down; ' +
      'episodes whose week 4 has not ended yet are left out.',
  },
  retentionWeek8: { cohort: 'admission', definition: 'As retentionWeek4, for week 8 (day 55).' },
  medianLengthOfStayDays: { cohort: 'discharge', definition: 'Median whole days from the first program day to the discharge day.' },
  medianDaysReferralToAdmission: { cohort: 'admission', definition: 'Median whole days from the day the referral was received to the day the admission was recorded.' },
  attendanceCompliance: {
    cohort: 'admission',
    definition: 'Share of the cohort\'s patient-weeks (WeeklyAttendanceSummarized) that met the location\'s hours rule.',
  },
  phq9ChangeMedian: {
    cohort: 'discharge',
    definition: 'Median of (last - first) PHQ-9 total within the episode (administered up to the discharge day, follow-up measures excluded), ' +
      'over episodes with at least two; negative is improvement.',
  },
  gad7ChangeMedian: { cohort: 'discharge', definition: 'As phq9ChangeMedian, for the GAD-7 total.' },
  engagement: {
    cohort: 'admission',
    definition: 'HEDIS IET-style: share with at least 2 further days attended (present or late) within 34 days after initiation, the first ' +
      'day attended; episodes neither discharged nor 34 days past initiation (or start, if none yet) are left out.',
  },
  safetyAlertTimeToAcknowledgeMinutes: {
    cohort: 'alert',
    definition: 'Minutes from a safety alert\'s opening to its acknowledgement: median and 90th percentile (nearest rank) over the alerts ' +
      'acknowledged so far, with their count and the number of episodes they concern.',
  },
  safetyAlertTimeToResolveMinutes: { cohort: 'alert', definition: 'As safetyAlertTimeToAcknowledgeMinutes, from opening to resolution.' },
  attendanceRate: {
    cohort: 'admission',
    definition: 'Share of the cohort\'s sessions with recorded attendance that the patient attended (present, late or left early; ' +
      'the rest are absences, excused or not); a session recorded again counts once, as last recorded.',
  },
  averageHoursPerWeek: {
    cohort: 'admission',
    definition: 'Mean hours attended per patient-week (WeeklyAttendanceSummarized), with the patient-weeks and episodes it summarises.',
  },
  dischargesByReason: { cohort: 'discharge', definition: 'Discharges counted by reason: every reason, zeros included; the cells add up to the cohort.' },
  census: {
    cohort: 'census',
    definition: 'Episodes enrolled at the end of `to` (asOf), per location and track (only pairs with episodes); the cells add up to total.',
  },
  alumniActive: { cohort: 'alumni', definition: 'Alumni (patients) who attended at least one alumni session in the period.' },
  alumniSessionsAttended: { cohort: 'alumni', definition: 'Alumni sessions attended in the period (count), and the alumni who attended them (patients).' },
  alumniAttendingWeekly: {
    cohort: 'alumni',
    definition: 'Of the alumni active in the period with at least one whole Monday-to-Sunday week of the period after their discharge day, ' +
      'the share who attended an alumni session in every such week (the program offers alumni one session a week).',
  },
} as const satisfies Record<string, { cohort: Cohort; definition: string }>;

export type MetricName = keyof typeof METRICS;

export const METRICS_DESCRIPTION =
  `Program metrics computed from outcomes' read models (never stored totals). Cohorts: admission = ${COHORTS.admission}; ` +
  `discharge = ${COHORTS.discharge}; alert = ${COHORTS.alert}; census = ${COHORTS.census}; alumni = ${COHORTS.alumni}. ` +
  'Admission, discharge and census count episodes; the alumni figures count patients. ' +
  Object.entries(METRICS).map(([name, m]) => `${name} (${m.cohort} cohort): ${m.definition}`).join(' ') +
  ' Rates are { rate, numerator, denominator } (rate null when the denominator is 0); medians are { median, count }; response times { median, p90, count, patients }; ' +
  'means { mean, weeks, patients }; counts { count }; tallies { count, patients }; breakdowns { total, cells: [{ ..., count }] }. ?format=csv exports the same, one row per figure (a breakdown\'s cells ' +
  'one row each, named in the group column).';
