/** The plan an enrollment makes from the track's sessions (pure). */
import { addDays, formatInZone, instantToLocal, mondayOf } from '@iop/calendar';
import { planMeetsProgramRule, type HoursRule } from '../program/program-rules';
import type { Booking, PlaceList } from './enrollment.events';

/** A session the episode could sit in, with the seats still free when the decision is made (rows locked). */
export type Candidate = Booking & { seatsLeft: number };

export function splitBySeats(candidates: readonly Candidate[]): { bookings: Booking[]; waitlisted: Booking[] } {
  const strip = ({ seatsLeft: _s, ...booking }: Candidate): Booking => booking;
  return {
    bookings: candidates.filter((c) => c.seatsLeft > 0).map(strip),
    waitlisted: candidates.filter((c) => c.seatsLeft <= 0).map(strip),
  };
}

const minutesOf = (b: Booking) => (Date.parse(b.endsAt) - Date.parse(b.startsAt)) / 60_000;

/** Bookings as columns, each distinct kind of session (type, length, charge) once. */
export function toPlaceList(bookings: readonly Booking[]): PlaceList {
  const list: PlaceList = { kinds: [], sessionIds: [], startsAt: [], kind: [] };
  const index = new Map<string, number>();
  for (const b of bookings) {
    const minutes = minutesOf(b);
    const key = `${b.type}/${minutes}/${b.noCharge === true}`;
    let k = index.get(key);
    if (k === undefined) {
      index.set(key, (k = list.kinds.length));
      list.kinds.push({ type: b.type, minutes, ...(b.noCharge ? { noCharge: true as const } : {}) });
    }
    list.sessionIds.push(b.sessionId);
    list.startsAt.push(b.startsAt);
    list.kind.push(k);
  }
  return list;
}

/** The bookings a place list holds, their ends in the location's zone (as the sessions' own times are written). */
export function placesOf(list: PlaceList, timezone: string): Booking[] {
  return list.sessionIds.map((sessionId, i) => {
    const { type, minutes, noCharge } = list.kinds[list.kind[i]];
    const startsAt = list.startsAt[i];
    return { sessionId, type, startsAt, endsAt: formatInZone(Date.parse(startsAt) + minutes * 60_000, timezone), ...(noCharge ? { noCharge } : {}) };
  });
}

/** Booked minutes per local day, per Monday of the weeks wholly between start and planned end. */
export function fullWeekDays(bookings: readonly Booking[], timezone: string, startDate: string, plannedEndDate: string): Map<string, Map<string, number>> {
  const weeks = new Map<string, Map<string, number>>();
  for (let w = mondayOf(startDate); addDays(w, 7) <= plannedEndDate; w = addDays(w, 7)) if (w >= startDate) weeks.set(w, new Map());
  for (const b of bookings) {
    const date = instantToLocal(b.startsAt, timezone).date;
    const days = weeks.get(mondayOf(date));
    if (days) days.set(date, (days.get(date) ?? 0) + minutesOf(b));
  }
  return weeks;
}

/**
 * Hours a week the plan guarantees: the leanest full week (a full group that waitlists the patient shows here),
 * or everything booked when the stay has no full week.
 */
export function plannedWeeklyHours(bookings: readonly Booking[], timezone: string, startDate: string, plannedEndDate: string): number {
  const weeks = [...fullWeekDays(bookings, timezone, startDate, plannedEndDate).values()];
  const minutes = weeks.length
    ? Math.min(...weeks.map((days) => [...days.values()].reduce((a, b) => a + b, 0)))
    : bookings.reduce((a, b) => a + minutesOf(b), 0);
  return Math.round((minutes / 60) * 100) / 100;
}

export function planMeetsRule(bookings: readonly Booking[], timezone: string, startDate: string, plannedEndDate: string, rule: HoursRule): boolean {
  const weeks = [...fullWeekDays(bookings, timezone, startDate, plannedEndDate).values()].map((days) => [...days.values()]);
  return planMeetsProgramRule(weeks, rule);
}
