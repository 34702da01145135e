import { assertNever } from '@iop/decider';
import type { AttendanceStatus, Track } from '@iop/domain-events';
import { DEFAULT_PROGRAM_SETTINGS, type HoursRule } from '../program/program-rules';
import { placesOf } from './enrollment-plan';
import type { Booking, EnrollmentEvent } from './enrollment.events';

export type BookingStatus = 'booked' | 'waitlisted' | 'cancelled';
export type BookingEntry = Booking & { status: BookingStatus };
export interface AttendanceEntry {
  status: AttendanceStatus;
  minutes: number;
  startsAt: string;
  noCharge?: true;
}

export interface Enrollment {
  status: 'active' | 'discharged' | 'alumni' | 'cancelled';
  episodeId: string;
  patientId: string;
  locationId: string;
  track: Track;
  timezone: string;
  rule: HoursRule;
  ageBand?: string;
  /** Absent when scheduling only knows the patient as an alumnus (no program weeks to summarize). */
  startDate?: string;
  plannedEndDate?: string;
  dischargedAt?: string;
  /** When the episode last left the alumni program (it is `discharged` again, and may rejoin). */
  alumniLeftAt?: string;
  bookings: Record<string, BookingEntry>;
  attendance: Record<string, AttendanceEntry>;
  /** Closed weeks by Monday, with the rules already reported as breached (a re-summary does not repeat them). */
  weeks: Record<string, { breached: string[] }>;
  /** Outreach task per session (one task per no-show, open or closed). */
  outreach: Record<string, string>;
  /** Closed outreach tasks, with when they were closed. */
  outreachClosed?: Record<string, string>;
}

export type EnrollmentState = { status: 'none' } | Enrollment;

export const initialState = (): EnrollmentState => ({ status: 'none' });

const entries = (bookings: readonly Booking[], status: BookingStatus) =>
  Object.fromEntries(bookings.map((b) => [b.sessionId, { ...b, status }]));

function setBookings(state: Enrollment, ids: readonly string[], status: BookingStatus): Enrollment {
  const bookings = { ...state.bookings };
  for (const id of ids) if (bookings[id]) bookings[id] = { ...bookings[id], status };
  return { ...state, bookings };
}

function evolveEnrolled(state: Enrollment, event: Exclude<EnrollmentEvent, { type: 'EpisodeEnrolled' }>): Enrollment {
  switch (event.type) {
    case 'SessionBooked':
      return { ...state, bookings: { ...state.bookings, [event.data.booking.sessionId]: { ...event.data.booking, status: 'booked' } } };
    case 'EpisodeDischarged':
      return { ...state, status: 'discharged', dischargedAt: event.data.dischargedAt };
    case 'EnrollmentCancelled':
      return { ...state, status: 'cancelled' };
    case 'BookingsCancelled':
      return setBookings(state, [...event.data.sessionIds, ...event.data.waitlistSessionIds], 'cancelled');
    case 'AlumniJoined':
      return { ...state, status: 'alumni', bookings: { ...state.bookings, ...entries(event.data.waitlisted, 'waitlisted'), ...entries(event.data.bookings, 'booked') } };
    case 'AlumniWeekBooked':
      return { ...state, bookings: { ...state.bookings, ...entries(event.data.waitlisted, 'waitlisted'), ...entries(event.data.bookings, 'booked') } };
    case 'AlumniLeft':
      return { ...state, status: 'discharged', alumniLeftAt: event.data.leftAt };
    case 'AttendanceRecorded': {
      const { sessionId, status, minutesAttended, sessionStartsAt } = event.data;
      const noCharge = state.bookings[sessionId]?.noCharge;
      return { ...state, attendance: { ...state.attendance, [sessionId]: { status, minutes: minutesAttended, startsAt: sessionStartsAt, ...(noCharge ? { noCharge } : {}) } } };
    }
    case 'OutreachTaskOpened':
      return { ...state, outreach: { ...state.outreach, [event.data.sessionId]: event.data.taskId } };
    case 'OutreachTaskClosed':
      return { ...state, outreachClosed: { ...state.outreachClosed, [event.data.taskId]: event.data.closedAt } };
    case 'WeekSummarized':
      return { ...state, weeks: { ...state.weeks, [event.data.weekStart]: state.weeks[event.data.weekStart] ?? { breached: [] } } };
    case 'AttendanceRuleBreached': {
      const week = state.weeks[event.data.weekStart] ?? { breached: [] };
      return { ...state, weeks: { ...state.weeks, [event.data.weekStart]: { breached: [...week.breached, event.data.rule] } } };
    }
    default:
      return assertNever(event);
  }
}

function fromAlumni(event: Extract<EnrollmentEvent, { type: 'AlumniJoined' }>): Enrollment {
  const { episodeId, patientId, locationId, track, timezone } = event.data;
  const base: Enrollment = {
    status: 'alumni', episodeId, patientId, locationId, track, timezone, rule: DEFAULT_PROGRAM_SETTINGS,
    bookings: {}, attendance: {}, weeks: {}, outreach: {},
  };
  return evolveEnrolled(base, event);
}

export function evolve(state: EnrollmentState, event: EnrollmentEvent): EnrollmentState {
  if (event.type === 'EpisodeEnrolled') {
    const { episodeId, patientId, locationId, track, timezone, rule, ageBand, startDate, plannedEndDate, bookings, waitlisted } = event.data;
    return {
      status: 'active', episodeId, patientId, locationId, track, timezone, rule, ageBand, startDate, plannedEndDate,
      bookings: { ...entries(placesOf(waitlisted, timezone), 'waitlisted'), ...entries(placesOf(bookings, timezone), 'booked') },
      attendance: {}, weeks: {}, outreach: {},
    };
  }
  if (state.status === 'none') return event.type === 'AlumniJoined' ? fromAlumni(event) : state;
  return evolveEnrolled(state, event);
}
