import type { AttendanceStatus, SafetyRoute } from '@iop/domain-events';

/** A shift of the location's on-call roster as clinical notes keeps it (from scheduling's OnCallRosterChanged). */
export type RosterShift = { staffId: string; from: string; to: string };

export type Routing = { routedTo: SafetyRoute; routedToStaffId?: string };

/**
 * Whom a safety alert goes to: the clinician on call at the signal's time at the episode's location. When two are on
 * call at once (an overlap the roster allowed), the one whose shift began last (the latest handover) takes it, then
 * the first staff id, so the choice is the same on every replay. Nobody on call (or the location unknown): the
 * supervisor role, and the alert says so.
 */
export function routeSafetyAlert(shifts: readonly RosterShift[], signalAt: string): Routing {
  const at = Date.parse(signalAt);
  const onCall = shifts
    .filter((s) => Date.parse(s.from) <= at && at < Date.parse(s.to))
    .sort((a, b) => Date.parse(b.from) - Date.parse(a.from) || a.staffId.localeCompare(b.staffId));
  return onCall.length ? { routedTo: 'on-call-clinician', routedToStaffId: onCall[0].staffId } : { routedTo: 'supervisor' };
}

/** PHQ-9 item 9 (thoughts of being better off dead or of self-harm) above 0: outcomes' SafetyAlertRaised reason. */
export const PHQ9_ITEM9_REASON = 'phq9-item9-positive';

/** A crisis note rated high or imminent needs someone on it now; low and moderate are documented and planned for. */
export const crisisNeedsAlert = (riskLevel: string): boolean => riskLevel === 'high' || riskLevel === 'imminent';

export type AttendedSession = { status: AttendanceStatus; startsAt: string };

/**
 * Missed session, then a positive drug screen: an unexcused absence in the `windowDays` before the specimen's
 * collection day (or on it) and any analyte positive. Either alone is routine (outreach follows an absence, the
 * treatment plan a positive screen); together they are the pattern of a return to use with disengagement, the period
 * of highest overdose risk after abstinence. The window is the clinic's setting (default 7 days). The collection day
 * is the clinic's local date and sessions are instants, and clinical notes does not keep the location's zone: the
 * window is widened by 14 hours each side (the widest UTC offset), so a session at its edge is never missed.
 * Returns the missed sessions' start times, latest first (empty: no signal).
 */
export function missedSessionsBeforePositiveScreen(
  sessions: readonly AttendedSession[], collectedOn: string, results: readonly { result: string }[], windowDays: number,
): string[] {
  if (!results.some((r) => r.result === 'positive')) return [];
  const end = Date.parse(`${collectedOn}T00:00:00Z`) + 86_400_000 + 14 * 3_600_000;
  const start = Date.parse(`${collectedOn}T00:00:00Z`) - windowDays * 86_400_000 - 14 * 3_600_000;
  return sessions
    .filter((s) => s.status === 'absent-unexcused' && Date.parse(s.startsAt) >= start && Date.parse(s.startsAt) < end)
    .map((s) => s.startsAt)
    .sort((a, b) => Date.parse(b) - Date.parse(a));
}
