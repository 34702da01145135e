import { type CommandMetadata, conflict, type Decider, invalid, notFound } from '@iop/decider';
import type { DischargeReason } from '@iop/domain-events';
import { sessionIsOneToOne } from '../session/session-kinds';
import { type AlumniCommand, decideAlumni } from './alumni.decide';
import { type AttendanceCommand, decideAttendance } from './attendance.decide';
import type { AlumniJoined, EnrollmentEvent, EpisodeEnrolled } from './enrollment.events';
import { type Candidate, plannedWeeklyHours, splitBySeats, toPlaceList } from './enrollment-plan';
import { type Enrollment, type EnrollmentState, evolve, initialState } from './enrollment.state';

type EnrollData = Omit<EpisodeEnrolled['data'], 'bookings' | 'waitlisted' | 'weeklyHoursPlanned' | 'enrolledAt'> & { candidates: Candidate[] };
type AlumniData = Omit<AlumniJoined['data'], 'bookings' | 'waitlisted' | 'joinedAt'> & { candidates: Candidate[] };

export type EnrollmentCommand =
  | { type: 'EnrollEpisode'; data: EnrollData; metadata: CommandMetadata }
  | { type: 'BookSession'; data: { candidate: Candidate; fromSeries: boolean }; metadata: CommandMetadata }
  | { type: 'PromoteFromWaitlist'; data: { sessionId: string; seatsLeft: number }; metadata: CommandMetadata }
  | { type: 'DischargeEpisode'; data: { reason: DischargeReason; dischargedAt: string }; metadata: CommandMetadata }
  | { type: 'CancelEnrollment'; data: { cancelledAt: string }; metadata: CommandMetadata }
  | { type: 'ReleaseCancelledSession'; data: { sessionId: string }; metadata: CommandMetadata }
  /** A curriculum version replaced sessions of the track: `cancelled` ones, `candidates` the new ones to book (seats read locked). */
  | { type: 'FollowCurriculum'; data: { cancelled: string[]; candidates: Candidate[] }; metadata: CommandMetadata }
  | { type: 'JoinAlumni'; data: AlumniData; metadata: CommandMetadata }
  | AlumniCommand
  | AttendanceCommand;

/** A redelivered or repeated admission changes nothing: the first enrollment stands. */
function enroll({ candidates, ...data }: EnrollData, state: EnrollmentState, now: string): EnrollmentEvent[] {
  if (state.status !== 'none') return [];
  const { bookings, waitlisted } = splitBySeats(candidates);
  const weeklyHoursPlanned = plannedWeeklyHours(bookings, data.timezone, data.startDate, data.plannedEndDate);
  return [{ type: 'EpisodeEnrolled', data: { ...data, bookings: toPlaceList(bookings), waitlisted: toPlaceList(waitlisted), weeklyHoursPlanned, enrolledAt: now } }];
}

const overlaps = (a: { startsAt: string; endsAt: string }, b: { startsAt: string; endsAt: string }) =>
  Date.parse(a.startsAt) < Date.parse(b.endsAt) && Date.parse(b.startsAt) < Date.parse(a.endsAt);

function active(state: EnrollmentState): Enrollment {
  if (state.status === 'none') throw notFound('The episode is not enrolled here (yet).');
  if (state.status === 'cancelled') throw conflict('The episode was cancelled; nothing can be booked.', 'episode-cancelled');
  if (state.status !== 'active') throw conflict('The episode was discharged; nothing more can be booked.', 'episode-discharged');
  return state;
}

/** Individual, family and psychiatric sessions go on top of the track's groups; a patient is in one place at a time. */
function book(data: { candidate: Candidate; fromSeries: boolean }, state: EnrollmentState, now: string): EnrollmentEvent[] {
  const enrollment = active(state);
  const { seatsLeft, ...booking } = data.candidate;
  if (data.fromSeries || !sessionIsOneToOne(booking.type)) {
    throw invalid('Only one-to-one sessions (individual, family, psychiatric, case management, crisis) are booked on top of the track.', [{ path: 'sessionId', message: `is a ${booking.type} session` }]);
  }
  if (enrollment.bookings[booking.sessionId]?.status === 'booked') throw conflict('The episode is already booked on this session.', 'already-booked');
  if (seatsLeft <= 0) throw conflict('The session is full.', 'session-full');
  const clash = Object.values(enrollment.bookings).find((b) => b.status === 'booked' && overlaps(b, booking));
  if (clash) throw conflict(`The episode is booked on session ${clash.sessionId} at that time.`, 'booking-overlap');
  return [{ type: 'SessionBooked', data: { episodeId: enrollment.episodeId, booking, bookedAt: now } }];
}

function promote(data: { sessionId: string; seatsLeft: number }, state: EnrollmentState, now: string): EnrollmentEvent[] {
  if (state.status === 'none' || state.status === 'discharged' || state.status === 'cancelled' || data.seatsLeft <= 0) return [];
  const entry = state.bookings[data.sessionId];
  if (entry?.status !== 'waitlisted') return [];
  const { status: _s, ...booking } = entry;
  return [{ type: 'SessionBooked', data: { episodeId: state.episodeId, booking, fromWaitlist: true, bookedAt: now } }];
}

/** Discharge releases every seat and waitlist place after the discharge time; earlier bookings stay on record. */
function discharge(data: { reason: DischargeReason; dischargedAt: string }, state: EnrollmentState): EnrollmentEvent[] {
  if (state.status === 'none') throw notFound('The episode is not enrolled here.');
  if (state.dischargedAt || state.status === 'cancelled') return [];
  const later = Object.values(state.bookings).filter((b) => Date.parse(b.startsAt) > Date.parse(data.dischargedAt));
  const events: EnrollmentEvent[] = [{ type: 'EpisodeDischarged', data: { episodeId: state.episodeId, ...data } }];
  const sessionIds = later.filter((b) => b.status === 'booked').map((b) => b.sessionId);
  const waitlistSessionIds = later.filter((b) => b.status === 'waitlisted').map((b) => b.sessionId);
  if (sessionIds.length || waitlistSessionIds.length) {
    events.push({ type: 'BookingsCancelled', data: { episodeId: state.episodeId, sessionIds, waitlistSessionIds, reason: 'discharged', cancelledAt: data.dischargedAt } });
  }
  return events;
}

/**
 * A cancelled episode never took place: every seat and waitlist place not yet past goes back (earlier ones, if any,
 * stay on record). A cancellation of an episode never enrolled here, or no longer active, changes nothing.
 */
function cancel(data: { cancelledAt: string }, state: EnrollmentState): EnrollmentEvent[] {
  if (state.status !== 'active') return [];
  const later = Object.values(state.bookings).filter((b) => b.status !== 'cancelled' && Date.parse(b.startsAt) > Date.parse(data.cancelledAt));
  const sessionIds = later.filter((b) => b.status === 'booked').map((b) => b.sessionId);
  const waitlistSessionIds = later.filter((b) => b.status === 'waitlisted').map((b) => b.sessionId);
  const events: EnrollmentEvent[] = [{ type: 'EnrollmentCancelled', data: { episodeId: state.episodeId, cancelledAt: data.cancelledAt } }];
  if (sessionIds.length || waitlistSessionIds.length) {
    events.push({ type: 'BookingsCancelled', data: { episodeId: state.episodeId, sessionIds, waitlistSessionIds, reason: 'episode-cancelled', cancelledAt: data.cancelledAt } });
  }
  return events;
}

function release(sessionId: string, state: EnrollmentState, now: string): EnrollmentEvent[] {
  const entry = state.status === 'none' ? undefined : state.bookings[sessionId];
  if (state.status === 'none' || !entry || entry.status === 'cancelled') return [];
  const booked = entry.status === 'booked';
  return [{
    type: 'BookingsCancelled',
    data: { episodeId: state.episodeId, sessionIds: booked ? [sessionId] : [], waitlistSessionIds: booked ? [] : [sessionId], reason: 'session-cancelled', cancelledAt: now },
  }];
}

/**
 * The places on the replaced sessions go back in one event; an active episode is then booked on the new sessions it
 * was given (its booking window), except a full one or one at a time it is booked elsewhere. Nothing attended is
 * touched: the caller replaces only sessions without attendance that have not begun.
 */
function followCurriculum(data: { cancelled: string[]; candidates: Candidate[] }, state: EnrollmentState, now: string): EnrollmentEvent[] {
  if (state.status === 'none') return [];
  const held = data.cancelled.map((id) => state.bookings[id]).filter((b) => b !== undefined && b.status !== 'cancelled');
  const events: EnrollmentEvent[] = [];
  if (held.length) {
    const sessionIds = held.filter((b) => b.status === 'booked').map((b) => b.sessionId);
    const waitlistSessionIds = held.filter((b) => b.status === 'waitlisted').map((b) => b.sessionId);
    events.push({ type: 'BookingsCancelled', data: { episodeId: state.episodeId, sessionIds, waitlistSessionIds, reason: 'session-cancelled', cancelledAt: now } });
  }
  if (state.status !== 'active') return events;
  const gone = new Set(data.cancelled);
  const busy = Object.values(state.bookings).filter((b) => b.status === 'booked' && !gone.has(b.sessionId));
  for (const { seatsLeft, ...booking } of data.candidates) {
    if (seatsLeft <= 0 || state.bookings[booking.sessionId]?.status === 'booked' || busy.some((b) => overlaps(b, booking))) continue;
    events.push({ type: 'SessionBooked', data: { episodeId: state.episodeId, booking, bookedAt: now } });
    busy.push({ ...booking, status: 'booked' });
  }
  return events;
}

/** Alumni follow their discharge (the contract keys both by episode, so they arrive in that order). */
function joinAlumni({ candidates, ...data }: AlumniData, state: EnrollmentState, now: string): EnrollmentEvent[] {
  if (state.status === 'alumni') return [];
  if (state.status === 'active') throw conflict('The episode is still in the program; alumni join after discharge.', 'episode-active');
  return [{ type: 'AlumniJoined', data: { ...data, ...splitBySeats(candidates), joinedAt: now } }];
}

export function decide(command: EnrollmentCommand, state: EnrollmentState): EnrollmentEvent[] {
  const now = command.metadata.now;
  switch (command.type) {
    case 'EnrollEpisode': return enroll(command.data, state, now);
    case 'BookSession': return book(command.data, state, now);
    case 'PromoteFromWaitlist': return promote(command.data, state, now);
    case 'DischargeEpisode': return discharge(command.data, state);
    case 'CancelEnrollment': return cancel(command.data, state);
    case 'ReleaseCancelledSession': return release(command.data.sessionId, state, now);
    case 'FollowCurriculum': return followCurriculum(command.data, state, now);
    case 'JoinAlumni': return joinAlumni(command.data, state, now);
    case 'ExtendAlumni':
    case 'LeaveAlumni': return decideAlumni(command, state);
    default: return decideAttendance(command, state);
  }
}

export const enrollmentDecider: Decider<EnrollmentCommand, EnrollmentEvent, EnrollmentState> = { decide, evolve, initialState };
