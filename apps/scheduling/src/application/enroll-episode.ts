import { addDays, daysBetween, mondayOf } from '@iop/calendar';
import type { PatientAdmitted, PublicEvent } from '@iop/domain-events';
import { type CommandContext, commandContextFromEvent, type UnitOfWork } from '@iop/event-store';
import type { Candidate } from '../domain/enrollment/enrollment-plan';
import { enrollmentDecider } from '../domain/enrollment/enrollment.decide';
import type { EnrollmentEvent, EpisodeEnrolled } from '../domain/enrollment/enrollment.events';
import type { EnrollmentState } from '../domain/enrollment/enrollment.state';
import { loadLocation, loadLocationWith, type LocationRow, unlockedSeriesSeats } from './calendar';
import { type LockedSeat, lockFreeSeatsQuery, withLockedSeats } from './seats';

/** The default stay is 8 weeks (docs/DOMAIN.md section 1); a longer planned end is honoured up to half a year of sessions. */
const DEFAULT_STAY_DAYS = 56;
const MAX_STAY_DAYS = 182;

export function bookingWindow(startDate: string, plannedEndDate: string): { from: string; until: string; weeks: string[] } {
  const days = daysBetween(startDate, plannedEndDate);
  const until = addDays(startDate, days > 0 ? Math.min(days, MAX_STAY_DAYS) : DEFAULT_STAY_DAYS);
  const weeks: string[] = [];
  for (let w = mondayOf(startDate); w < until; w = addDays(w, 7)) weeks.push(w);
  return { from: startDate, until, weeks };
}

/** The EnrollEpisode command a PatientAdmitted makes, given the seats its track has left. */
function enrollCommand(event: PublicEvent<PatientAdmitted>, ctx: CommandContext, location: LocationRow, until: string, candidates: Candidate[]) {
  const a = event.data;
  const { minHoursPerDay, minDaysPerWeek } = location.settings;
  const data = {
    episodeId: a.episodeId, patientId: a.patientId, displayName: a.displayName, ageBand: a.ageBand, locationId: a.locationId, track: a.track,
    timezone: location.timezone, startDate: a.startDate, plannedEndDate: until, rule: { minHoursPerDay, minDaysPerWeek }, candidates,
  };
  return { type: 'EnrollEpisode' as const, data, metadata: ctx };
}

/**
 * A consumer's run of PatientAdmitted (or one alone), with the effect of enrolling each in turn: each location and
 * each series window is read once, the free seats of them all are locked in one statement (in id order, as one
 * enrollment locks them, so batches and single enrollments never deadlock), and every episode decides, on the seats
 * the ones before it left, in one unit of work: all enrollment streams read in one statement and appended in one.
 * An episode enrolled already decides nothing (a repeated admission changes nothing).
 */
export async function enrollEpisodes(uow: UnitOfWork, events: readonly PublicEvent<PatientAdmitted>[]): Promise<void> {
  const locations = new Map<string, LocationRow>();
  const reads = new Map<string, Candidate[]>();
  const planned = [];
  const streams = events.map((event) => ({ id: `enrollment-${event.data.episodeId}`, type: 'enrollment' }));
  for (const event of events) {
    const ctx = commandContextFromEvent(event, 'scheduling');
    const a = event.data;
    const locationKey = `${ctx.tenantId}:${a.locationId}`;
    let location = locations.get(locationKey);
    // The first read of the batch brings the enrollment streams with it: one round trip for both.
    if (!location) {
      location = locations.size === 0 ? await loadLocationWith(uow, streams, ctx.tenantId, a.locationId) : await loadLocation(uow.client, ctx.tenantId, a.locationId);
      locations.set(locationKey, location);
    }
    const window = bookingWindow(a.startDate, a.plannedEndDate);
    const seatsKey = `${locationKey}:${a.track}:${window.from}:${window.until}`;
    if (!reads.has(seatsKey)) reads.set(seatsKey, await unlockedSeriesSeats(uow, ctx, location, { track: a.track, kind: 'program', ...window }));
    planned.push({ event, ctx, location, until: window.until, seatsKey });
  }
  const all = [...new Map([...reads.values()].flat().map((c) => [c.sessionId, c])).values()];
  const lock = lockFreeSeatsQuery(all);
  const seats = lock ? withLockedSeats(all, await uow.readWith<LockedSeat>(streams, lock)) : all;
  const locked = new Map(seats.map((c) => [c.sessionId, c]));
  const taken = new Map<string, number>();
  // Decided in order: each command sees the seats the enrollments before it took.
  await uow.decideAll(planned.map(({ event, ctx, location, until, seatsKey }, i) => ({
    stream: streams[i], decider: enrollmentDecider, ctx,
    command: (state: EnrollmentState): EnrollmentEvent[] => {
      const candidates = reads.get(seatsKey)!.flatMap((c) => {
        const now = locked.get(c.sessionId);
        return now ? [{ ...now, seatsLeft: now.seatsLeft - (taken.get(c.sessionId) ?? 0) }] : [];
      });
      const decided = enrollmentDecider.decide(enrollCommand(event, ctx, location, until, candidates), state);
      for (const e of decided) {
        if (e.type === 'EpisodeEnrolled') for (const id of (e.data as EpisodeEnrolled['data']).bookings.sessionIds) taken.set(id, (taken.get(id) ?? 0) + 1);
      }
      return decided;
    },
  })));
}
