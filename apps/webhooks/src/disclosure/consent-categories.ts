/**
 * The consent ledger lists categories of information a patient agreed to disclose (`attendance`, `measures`,
 * `treatment-plan`, `discharge`, per the ConsentGranted contract). An event of one of these categories goes out
 * only under a consent that still covers it (a partial revocation removes categories); an event outside them
 * (admission, enrolment, note metadata) needs an active consent for the recipient, whatever it lists.
 */
const CATEGORY_OF: Record<string, string> = {
  'iop.scheduling.AttendanceRecorded.v1': 'attendance',
  'iop.scheduling.WeeklyAttendanceSummarized.v1': 'attendance',
  'iop.scheduling.AttendanceRuleBreached.v1': 'attendance',
  'iop.outcomes.MeasureRecorded.v1': 'measures',
  'iop.outcomes.SafetyAlertRaised.v1': 'measures',
  'iop.outcomes.DrugScreenResulted.v1': 'measures',
  'iop.clinical-notes.TreatmentPlanSigned.v1': 'treatment-plan',
  'iop.clinical-notes.GoalStatusChanged.v1': 'treatment-plan',
  'iop.admissions.PatientDischarged.v1': 'discharge',
};

export const consentCategoryOf = (type: string): string | null => CATEGORY_OF[type] ?? null;
