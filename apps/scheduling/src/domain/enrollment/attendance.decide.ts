import { instantToLocal, mondayOf } from '@iop/calendar';
import { type CommandMetadata, conflict, forbidden, invalid, notFound } from '@iop/decider';
import type { AttendanceStatus } from '@iop/domain-events';
import { type EnrollmentEvent, OUTREACH_OUTCOMES, type OutreachOutcome } from './enrollment.events';
import { type BookingEntry, type Enrollment, type EnrollmentState, evolve } from './enrollment.state';
import { programWeeks, summarizeWeek } from './program-weeks';

export type AttendanceCommand =
  | { type: 'RecordAttendance'; data: { sessionId: string; status: AttendanceStatus; minutesAttended: number; taskId: string }; metadata: CommandMetadata }
  | { type: 'CloseWeeks'; data: { before: string }; metadata: CommandMetadata }
  | { type: 'CloseOutreachTask'; data: { taskId: string; outcome: string }; metadata: CommandMetadata };

const ABSENT: readonly AttendanceStatus[] = ['absent-excused', 'absent-unexcused'];
const ARRIVALS: readonly AttendanceStatus[] = ['present', 'late'];
const CLINICAL = ['clinician', 'supervisor', 'psychiatrist', 'nurse'];

/** Front desk sees who walks in: it may record an arrival, never an absence judgement (that is the clinician's). */
function frontDeskRecordsArrivalsOnly(metadata: CommandMetadata, status: AttendanceStatus): void {
  const roles = metadata.actor.roles;
  if (roles.includes('front-desk') && !roles.some((r) => CLINICAL.includes(r)) && !ARRIVALS.includes(status)) {
    throw forbidden('Front desk records arrivals (present or late) only.');
  }
}

function bookedSeat(state: Enrollment, sessionId: string): BookingEntry {
  const entry = state.bookings[sessionId];
  if (!entry || entry.status === 'waitlisted') throw conflict('The episode is not booked on this session.', 'not-booked');
  if (entry.status === 'cancelled') throw conflict('This booking was cancelled (session cancelled, episode discharged or cancelled).', 'booking-cancelled');
  return entry;
}

function checkMinutes(entry: BookingEntry, status: AttendanceStatus, minutes: number): void {
  const length = (Date.parse(entry.endsAt) - Date.parse(entry.startsAt)) / 60_000;
  if (ABSENT.includes(status) && minutes !== 0) throw invalid('An absence has 0 minutes attended.', [{ path: 'minutesAttended', message: 'must be 0 when absent' }]);
  if (minutes > length) {
    throw invalid(`The session lasts ${length} minutes.`, [{ path: 'minutesAttended', message: `must be at most ${length}` }], 'minutes-over-length');
  }
}

/** Closes the weeks before the session's week (a record for a later week shows they are over) and re-summarizes a closed one it corrects. */
function closeAround(state: Enrollment, sessionWeek: string, now: string): EnrollmentEvent[] {
  const weeks = programWeeks(state, sessionWeek).filter((w) => !(w in state.weeks));
  if (sessionWeek in state.weeks) weeks.push(sessionWeek);
  return weeks.flatMap((w) => summarizeWeek(state, w, now));
}

function record(command: Extract<AttendanceCommand, { type: 'RecordAttendance' }>, state: EnrollmentState): EnrollmentEvent[] {
  if (state.status === 'none') throw notFound('The episode is not enrolled here.');
  const { sessionId, status, minutesAttended, taskId } = command.data;
  const now = command.metadata.now;
  frontDeskRecordsArrivalsOnly(command.metadata, status);
  const entry = bookedSeat(state, sessionId);
  checkMinutes(entry, status, minutesAttended);
  const { episodeId, patientId, locationId } = state;
  const events: EnrollmentEvent[] = [{
    type: 'AttendanceRecorded',
    data: { sessionId, episodeId, patientId, locationId, sessionType: entry.type, status, minutesAttended, sessionStartsAt: entry.startsAt, recordedAt: now },
  }];
  if (status === 'absent-unexcused' && !state.outreach[sessionId]) {
    events.push({ type: 'OutreachTaskOpened', data: { taskId, episodeId, patientId, locationId, sessionId, reason: 'no-show', openedAt: now } });
  }
  if (entry.noCharge) return events;
  const after = events.reduce(evolve, state as EnrollmentState) as Enrollment;
  return [...events, ...closeAround(after, mondayOf(instantToLocal(entry.startsAt, state.timezone).date), now)];
}

/** docs/DOMAIN.md section 6: an absence follow-up is closed with what came of it, once. */
function closeOutreach(command: Extract<AttendanceCommand, { type: 'CloseOutreachTask' }>, state: EnrollmentState): EnrollmentEvent[] {
  const { taskId, outcome } = command.data;
  const sessionId = state.status === 'none' ? undefined : Object.keys(state.outreach).find((s) => state.outreach[s] === taskId);
  if (state.status === 'none' || !sessionId) throw notFound(`No outreach task ${taskId}.`);
  if (state.outreachClosed?.[taskId]) throw conflict(`The outreach task was closed at ${state.outreachClosed[taskId]}.`, 'task-closed');
  if (!OUTREACH_OUTCOMES.includes(outcome as OutreachOutcome)) {
    throw invalid('Unknown outcome.', [{ path: 'outcome', message: `must be one of ${OUTREACH_OUTCOMES.join(', ')}` }]);
  }
  const { episodeId, patientId } = state;
  return [{ type: 'OutreachTaskClosed', data: { taskId, episodeId, patientId, sessionId, outcome: outcome as OutreachOutcome, closedAt: command.metadata.now } }];
}

export function decideAttendance(command: AttendanceCommand, state: EnrollmentState): EnrollmentEvent[] {
  if (command.type === 'RecordAttendance') return record(command, state);
  if (command.type === 'CloseOutreachTask') return closeOutreach(command, state);
  if (state.status === 'none') return [];
  return programWeeks(state, command.data.before)
    .filter((w) => !(w in state.weeks))
    .flatMap((w) => summarizeWeek(state, w, command.metadata.now));
}
