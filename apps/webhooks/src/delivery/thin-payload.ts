/**
 * Thin payloads (HIPAA minimum necessary): a webhook carries ids, types, statuses and times; integrators fetch the
 * rest through the authorized API. Each contract's fields are allowlisted here after review, so a field added to a
 * contract later stays out of webhooks until someone decides it may go. Left out on purpose: names
 * (`displayName`), age bands, scores, severity bands, ratings, risk levels, drug-screen results, abstinence,
 * criteria and free codes that could describe a person.
 */
import { contractFor, REDISCLOSURE_NOTICE } from '@iop/domain-events';

const ids = (...names: string[]) => names;

const ALLOWED_FIELDS: Record<string, readonly string[]> = {
  'iop.admissions.PatientReferred.v1': ids('referralId', 'patientId', 'source', 'referredAt'),
  'iop.admissions.PatientAdmitted.v1': ids('episodeId', 'patientId', 'referralId', 'locationId', 'track', 'levelOfCare', 'startDate', 'plannedEndDate', 'admittedAt'),
  'iop.admissions.LevelOfCareChanged.v1': ids('episodeId', 'patientId', 'fromLevel', 'toLevel', 'changedAt'),
  'iop.admissions.ContinuedStayReviewed.v1': ids('reviewId', 'episodeId', 'patientId', 'recommendation', 'trigger', 'reviewedAt'),
  'iop.admissions.EpisodeCancelled.v1': ids('episodeId', 'patientId', 'cancelledAt'),
  'iop.admissions.PatientDischarged.v1': ids('episodeId', 'patientId', 'locationId', 'track', 'reason', 'startDate', 'dischargedAt', 'joinAlumni'),
  'iop.admissions.AlumniEnrolled.v1': ids('patientId', 'episodeId', 'locationId', 'track', 'enrolledAt'),
  'iop.admissions.ConsentGranted.v1': ids('consentId', 'patientId', 'recipient', 'purpose', 'expiresAt', 'grantedAt'),
  'iop.admissions.ConsentRevoked.v1': ids('consentId', 'patientId', 'scope', 'revokedAt'),
  'iop.scheduling.LocationConfigured.v1': ids('locationId', 'timezone', 'configuredAt'),
  'iop.scheduling.SessionScheduled.v1': ids('sessionId', 'locationId', 'track', 'type', 'startsAt', 'endsAt'),
  'iop.scheduling.SessionCancelled.v1': ids('sessionId', 'locationId', 'reason', 'cancelledAt'),
  'iop.scheduling.AttendanceRecorded.v1': ids('sessionId', 'episodeId', 'patientId', 'locationId', 'sessionType', 'status', 'minutesAttended', 'sessionStartsAt', 'recordedAt'),
  'iop.scheduling.WeeklyAttendanceSummarized.v1': ids('episodeId', 'patientId', 'locationId', 'weekStart', 'hoursAttended', 'daysAttended', 'compliant', 'summarizedAt'),
  'iop.scheduling.AttendanceRuleBreached.v1': ids('episodeId', 'patientId', 'locationId', 'weekStart', 'rule', 'breachedAt'),
  'iop.scheduling.EpisodeEnrolled.v1': ids('episodeId', 'patientId', 'locationId', 'track', 'enrolledAt'),
  // Staff ids stay out: that the roster changed, and for which period, is enough to fetch it through the API.
  'iop.scheduling.OnCallRosterChanged.v1': ids('locationId', 'from', 'to', 'changedAt'),
  'iop.clinical-notes.TreatmentPlanSigned.v1': ids('planId', 'episodeId', 'patientId', 'version', 'signedAt'),
  'iop.clinical-notes.GoalStatusChanged.v1': ids('planId', 'goalId', 'episodeId', 'patientId', 'from', 'to', 'changedAt'),
  'iop.clinical-notes.NoteSigned.v1': ids('noteId', 'episodeId', 'patientId', 'sessionId', 'noteType', 'late', 'signedAt'),
  'iop.clinical-notes.NoteAmended.v1': ids('noteId', 'amendmentId', 'episodeId', 'patientId', 'amendedAt'),
  'iop.clinical-notes.DimensionalReassessmentRecorded.v1': ids('reassessmentId', 'episodeId', 'patientId', 'recordedAt'),
  'iop.clinical-notes.CrisisDocumented.v1': ids('noteId', 'episodeId', 'patientId', 'documentedAt'),
  // Safety alerts: the alert's life, for an integrator's paging tool; the signal (what the patient said or did) and who stay behind the API.
  'iop.clinical-notes.SafetyAlertOpened.v1': ids('alertId', 'episodeId', 'patientId', 'locationId', 'routedTo', 'openedAt'),
  'iop.clinical-notes.SafetyAlertAcknowledged.v1': ids('alertId', 'episodeId', 'patientId', 'openedAt', 'acknowledgedAt'),
  'iop.clinical-notes.SafetyAlertResolved.v1': ids('alertId', 'episodeId', 'patientId', 'openedAt', 'resolvedAt'),
  'iop.clinical-notes.SafetyAlertEscalated.v1': ids('alertId', 'episodeId', 'patientId', 'escalatedTo', 'openedAt', 'escalatedAt'),
  'iop.outcomes.MeasureRecorded.v1': ids('measureId', 'episodeId', 'patientId', 'instrument', 'administeredAt'),
  'iop.outcomes.SafetyAlertRaised.v1': ids('measureId', 'episodeId', 'patientId', 'instrument', 'raisedAt'),
  'iop.outcomes.DrugScreenResulted.v1': ids('screenId', 'episodeId', 'patientId', 'collectedOn'),
  'iop.outcomes.FollowUpScheduled.v1': ids('followUpId', 'episodeId', 'patientId', 'sequence', 'dueDate'),
  'iop.outcomes.FollowUpCompleted.v1': ids('followUpId', 'episodeId', 'patientId', 'sequence', 'completedAt'),
  'iop.outcomes.FollowUpLost.v1': ids('followUpId', 'episodeId', 'patientId', 'sequence', 'lostAt'),
  'iop.webhooks.EndpointDisabled.v1': ids('subscriptionId', 'reason', 'disabledAt'),
};

const ID_OR_TIME_FORMATS = ['uuid', 'date', 'date-time'];

/** A contract nobody has reviewed yet: only its top-level ids and times go out. */
function reviewedOrIdsAndTimes(type: string): readonly string[] {
  const listed = ALLOWED_FIELDS[type];
  if (listed) return listed;
  const properties = contractFor(type)?.schema.properties ?? {};
  return Object.entries(properties)
    .filter(([, schema]) => ID_OR_TIME_FORMATS.includes(String(schema.format)))
    .map(([name]) => name);
}

export const allowedFields = (type: string): readonly string[] => reviewedOrIdsAndTimes(type);

/** A copy of the data with only the allowlisted fields, and of those only scalars (nothing nested can slip out). */
export function thinData(type: string, data: Record<string, unknown>): Record<string, unknown> {
  const thin: Record<string, unknown> = {};
  for (const field of allowedFields(type)) {
    const value = data[field];
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) thin[field] = value;
  }
  return thin;
}

/**
 * The Standard Webhooks body, serialised once: the exact bytes that are signed and sent. A body about a patient is
 * a Part 2 disclosure and carries the notice of 42 CFR 2.32, which the recipient must keep with the information.
 */
export const webhookBody = (type: string, time: string, data: Record<string, unknown>): string =>
  JSON.stringify({ type, timestamp: time, data: thinData(type, data), ...(typeof data.patientId === 'string' ? { redisclosureNotice: REDISCLOSURE_NOTICE } : {}) });
