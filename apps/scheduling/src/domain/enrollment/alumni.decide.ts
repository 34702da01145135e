/**
 * Alumni for as long as they come (docs/DOMAIN.md section 1: "alumni may keep attending once a week at no cost"). An
 * alumnus is booked week by week, never far ahead: the weekly job offers the coming weeks' alumni group, and the
 * booking stops when they leave the alumni program or have missed the configured number of sessions in a row.
 */
import { type CommandMetadata, conflict, notFound } from '@iop/decider';
import type { AttendanceStatus } from '@iop/domain-events';
import type { Candidate } from './enrollment-plan';
import { splitBySeats } from './enrollment-plan';
import type { AlumniLeft, EnrollmentEvent } from './enrollment.events';
import type { Enrollment, EnrollmentState } from './enrollment.state';

export type AlumniCommand =
  /** `candidates`: the alumni groups of the coming weeks (seats read and locked by the caller); `missedLimit`: settings. */
  | { type: 'ExtendAlumni'; data: { candidates: Candidate[]; missedLimit: number }; metadata: CommandMetadata }
  | { type: 'LeaveAlumni'; data: { leftAt: string }; metadata: CommandMetadata };

const CAME: readonly AttendanceStatus[] = ['present', 'late', 'left-early'];

/**
 * Alumni sessions missed in a row, latest first, among the seats that have ended by `now`: a session ended with no
 * recorded arrival counts as missed (alumni attendance is taken at the door like any group's).
 */
export function alumniSessionsMissedInARow(state: Enrollment, now: string): number {
  const ended = Object.values(state.bookings)
    .filter((b) => b.noCharge && b.status === 'booked' && Date.parse(b.endsAt) <= Date.parse(now))
    .sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt));
  let missed = 0;
  for (const b of ended) {
    const record = state.attendance[b.sessionId];
    if (record && CAME.includes(record.status)) break;
    missed++;
  }
  return missed;
}

/** The alumni program ends for the episode: its alumni seats and waitlist places after `leftAt` go back. */
function leave(state: Enrollment, leftAt: string, reason: AlumniLeft['data']['reason'], missedInARow?: number): EnrollmentEvent[] {
  const later = Object.values(state.bookings).filter((b) => b.noCharge && b.status !== 'cancelled' && Date.parse(b.startsAt) > Date.parse(leftAt));
  const events: EnrollmentEvent[] = [
    { type: 'AlumniLeft', data: { episodeId: state.episodeId, reason, ...(missedInARow !== undefined ? { missedInARow } : {}), leftAt } },
  ];
  const sessionIds = later.filter((b) => b.status === 'booked').map((b) => b.sessionId);
  const waitlistSessionIds = later.filter((b) => b.status === 'waitlisted').map((b) => b.sessionId);
  if (sessionIds.length || waitlistSessionIds.length) {
    events.push({ type: 'BookingsCancelled', data: { episodeId: state.episodeId, sessionIds, waitlistSessionIds, reason: 'alumni-left', cancelledAt: leftAt } });
  }
  return events;
}

/** The weekly step: stop an alumnus who has stopped coming, else book the coming weeks' groups not booked yet. */
function extend(data: { candidates: Candidate[]; missedLimit: number }, state: EnrollmentState, now: string): EnrollmentEvent[] {
  if (state.status !== 'alumni') return [];
  const missed = alumniSessionsMissedInARow(state, now);
  if (missed >= data.missedLimit) return leave(state, now, 'stopped-coming', missed);
  const fresh = data.candidates.filter((c) => !state.bookings[c.sessionId] && Date.parse(c.startsAt) > Date.parse(now));
  if (fresh.length === 0) return [];
  return [{ type: 'AlumniWeekBooked', data: { episodeId: state.episodeId, ...splitBySeats(fresh), bookedAt: now } }];
}

/** The alumnus (or staff for them) ends it; asking again once it ended changes nothing. */
function leaveAlumni(leftAt: string, state: EnrollmentState): EnrollmentEvent[] {
  if (state.status === 'none') throw notFound('The episode is not enrolled here.');
  if (state.status !== 'alumni') {
    if (state.alumniLeftAt) return [];
    throw conflict('The episode is not in the alumni program.', 'not-alumni');
  }
  return leave(state, leftAt, 'left');
}

export function decideAlumni(command: AlumniCommand, state: EnrollmentState): EnrollmentEvent[] {
  return command.type === 'ExtendAlumni' ? extend(command.data, state, command.metadata.now) : leaveAlumni(command.data.leftAt, state);
}
