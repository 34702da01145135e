/** The plan an enrollment makes from the track's sessions (pure). */
import { planMeetsProgramRule, type HoursRule } from '../program/program-rules';
import { addDays, instantToLocal, mondayOf } from '../time/local-time';
import type { Booking } from './enrollment.events';

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
