import type { PoolClient } from 'pg';
import type { PatientAdmitted, PublicEvent } from '@iop/domain-events';
import { commandContextFromEvent, ConcurrencyError, deterministicId, type EventStore, toEventMetadata } from '@iop/event-store';
import { enrollmentDecider } from '../enrollment/enrollment.decide';
import { addDays, daysBetween, mondayOf } from '../time/local-time';
import { loadLocation, seriesSeatsFor } from './calendar';

/** The default stay is 8 weeks (DOMAIN.md); a longer planned end is honoured up to half a year of sessions. */
const DEFAULT_STAY_DAYS = 56;
const MAX_STAY_DAYS = 182;

export function bookingWindow(startDate: string, plannedEndDate: string): { from: string; until: string; weeks: string[] } {
  const days = daysBetween(startDate, plannedEndDate);
  const until = addDays(startDate, days > 0 ? Math.min(days, MAX_STAY_DAYS) : DEFAULT_STAY_DAYS);
  const weeks: string[] = [];
  for (let w = mondayOf(startDate); w < until; w = addDays(w, 7)) weeks.push(w);
  return { from: startDate, until, weeks };
}

/**
 * PatientAdmitted -> the episode booked into its track's sessions from its start date. This is the hot path of the
 * admissions benchmark: a fixed handful of statements whatever the number of sessions. The new stream is appended
 * without reading it first (`no-stream`): a stream already there means the episode is enrolled, and a repeated
 * admission changes nothing, as the decider would also decide.
 */
export async function enrollEpisode(store: EventStore, client: PoolClient, event: PublicEvent<PatientAdmitted>): Promise<void> {
  const ctx = commandContextFromEvent(event, 'scheduling');
  const a = event.data;
  const location = await loadLocation(client, ctx.tenantId, a.locationId);
  const window = bookingWindow(a.startDate, a.plannedEndDate);
  const candidates = await seriesSeatsFor(store, client, ctx, location, { track: a.track, kind: 'program', ...window });
  const { minHoursPerDay, minDaysPerWeek } = location.settings;
  const data = {
    episodeId: a.episodeId, patientId: a.patientId, displayName: a.displayName, ageBand: a.ageBand, locationId: a.locationId, track: a.track,
    timezone: location.timezone, startDate: a.startDate, plannedEndDate: window.until, rule: { minHoursPerDay, minDaysPerWeek }, candidates,
  };
  const events = enrollmentDecider.decide({ type: 'EnrollEpisode', data, metadata: ctx }, enrollmentDecider.initialState());
  const metadata = toEventMetadata(ctx);
  try {
    await store.append(`enrollment-${a.episodeId}`, 'enrollment', events.map((e, i) => ({ id: deterministicId(event.id, i), type: e.type, data: e.data, metadata })),
      { expectedVersion: 'no-stream', client });
  } catch (err) {
    if (!(err instanceof ConcurrencyError)) throw err;
  }
}
