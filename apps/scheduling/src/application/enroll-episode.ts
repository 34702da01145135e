import type { PoolClient } from 'pg';
import { addDays, daysBetween, mondayOf } from '@iop/calendar';
import type { PatientAdmitted, PublicEvent } from '@iop/domain-events';
import { type CommandContext, commandContextFromEvent, ConcurrencyError, deterministicId, type EventStore, type StreamAppend, toEventMetadata } from '@iop/event-store';
import type { Candidate } from '../enrollment/enrollment-plan';
import { enrollmentDecider } from '../enrollment/enrollment.decide';
import type { EpisodeEnrolled } from '../enrollment/enrollment.events';
import { loadLocation, type LocationRow, unlockedSeriesSeats } from './calendar';
import { lockFreeSeats } from './seats';

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

/** The enrollment a PatientAdmitted decides, given the seats its track has left (pure: the decider's work). */
function decideEnrollment(event: PublicEvent<PatientAdmitted>, ctx: CommandContext, location: LocationRow, until: string, candidates: Candidate[]) {
  const a = event.data;
  const { minHoursPerDay, minDaysPerWeek } = location.settings;
  const data = {
    episodeId: a.episodeId, patientId: a.patientId, displayName: a.displayName, ageBand: a.ageBand, locationId: a.locationId, track: a.track,
    timezone: location.timezone, startDate: a.startDate, plannedEndDate: until, rule: { minHoursPerDay, minDaysPerWeek }, candidates,
  };
  const events = enrollmentDecider.decide({ type: 'EnrollEpisode', data, metadata: ctx }, enrollmentDecider.initialState());
  const metadata = toEventMetadata(ctx);
  return events.map((e, i) => ({ id: deterministicId(event.id, i), type: e.type, data: e.data, metadata }));
}

/**
 * PatientAdmitted alone (a failed batch's events, a replayed one) -> the episode booked into its track's sessions
 * from its start date. The new stream is appended without reading it first (`no-stream`): a stream already there
 * means the episode is enrolled, and a repeated admission changes nothing, as the decider would also decide.
 */
export async function enrollEpisode(store: EventStore, client: PoolClient, event: PublicEvent<PatientAdmitted>): Promise<void> {
  try {
    await enrollEpisodes(store, client, [event]);
  } catch (err) {
    if (!(err instanceof ConcurrencyError)) throw err;
  }
}

/**
 * A consumer's batch of PatientAdmitted, with the effect of `enrollEpisode` on each in turn: each location and each
 * series window is read once, the free seats of them all are locked in one statement (in id order, as one enrollment
 * locks them, so batches and single enrollments never deadlock), every episode decides on the seats the ones before it
 * left, and all enrollments are appended in one statement. An episode enrolled already fails the batch
 * (ConcurrencyError), which then goes one event at a time, where that is a no-op.
 */
export async function enrollEpisodes(store: EventStore, client: PoolClient, events: readonly PublicEvent<PatientAdmitted>[]): Promise<void> {
  const locations = new Map<string, LocationRow>();
  const reads = new Map<string, Candidate[]>();
  const planned = [];
  for (const event of events) {
    const ctx = commandContextFromEvent(event, 'scheduling');
    const a = event.data;
    const locationKey = `${ctx.tenantId}:${a.locationId}`;
    let location = locations.get(locationKey);
    if (!location) locations.set(locationKey, (location = await loadLocation(client, ctx.tenantId, a.locationId)));
    const window = bookingWindow(a.startDate, a.plannedEndDate);
    const seatsKey = `${locationKey}:${a.track}:${window.from}:${window.until}`;
    if (!reads.has(seatsKey)) reads.set(seatsKey, await unlockedSeriesSeats(store, client, ctx, location, { track: a.track, kind: 'program', ...window }));
    planned.push({ event, ctx, location, until: window.until, seatsKey });
  }
  const all = new Map([...reads.values()].flat().map((c) => [c.sessionId, c]));
  const locked = new Map((await lockFreeSeats(client, [...all.values()])).map((c) => [c.sessionId, c]));
  const taken = new Map<string, number>();
  const appends: StreamAppend[] = planned.map(({ event, ctx, location, until, seatsKey }) => {
    const candidates = reads.get(seatsKey)!.flatMap((c) => {
      const now = locked.get(c.sessionId);
      return now ? [{ ...now, seatsLeft: now.seatsLeft - (taken.get(c.sessionId) ?? 0) }] : [];
    });
    const decided = decideEnrollment(event, ctx, location, until, candidates);
    for (const e of decided) {
      if (e.type === 'EpisodeEnrolled') for (const id of (e.data as EpisodeEnrolled['data']).bookings.sessionIds) taken.set(id, (taken.get(id) ?? 0) + 1);
    }
    return { streamId: `enrollment-${event.data.episodeId}`, streamType: 'enrollment', events: decided, expectedVersion: 'no-stream' as const };
  });
  await store.appendMany(appends, { client });
}
