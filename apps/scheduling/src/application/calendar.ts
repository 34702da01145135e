/**
 * The location's calendar: its configuration, and the series of sessions its blocks produce, generated per
 * (location, track, week) on demand. Generation is idempotent: ids derive from the slot, and a per-location lock
 * keeps two concurrent admissions from generating the same week twice.
 */
import type { PoolClient } from 'pg';
import { notFound } from '@iop/decider';
import type { Track } from '@iop/domain-events';
import { type CommandContext, deterministicId, type StreamRef, type UnitOfWork } from '@iop/event-store';
import type { Curriculum, SessionBlock } from '../domain/location/location.events';
import { planWeek, type SeriesKind } from '../domain/location/series-plan';
import { DEFAULT_PROGRAM_SETTINGS, type ProgramSettings } from '../domain/program/program-rules';
import { sessionDecider } from '../domain/session/session.decide';
import type { Candidate } from '../domain/enrollment/enrollment-plan';
import { lockFreeSeats, readSeriesSeats } from './seats';

export interface LocationRow {
  locationId: string;
  name: string;
  timezone: string;
  blocks: SessionBlock[];
  /** Every version of every track's curriculum, by track and effective date. */
  curricula: Curriculum[];
  settings: ProgramSettings;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a pg row of program_settings
const settingsOf = (r: any): ProgramSettings => ({
  groupSizeLimit: r.group_size_limit, minHoursPerDay: Number(r.min_hours_per_day), minDaysPerWeek: r.min_days_per_week,
  alumniMissedSessionsLimit: r.alumni_missed_sessions_limit,
});

export async function loadSettings(client: PoolClient, tenantId: string): Promise<ProgramSettings> {
  const { rows } = await client.query(
    'SELECT group_size_limit, min_hours_per_day, min_days_per_week, alumni_missed_sessions_limit FROM program_settings WHERE tenant_id = $1', [tenantId]);
  return rows[0] ? settingsOf(rows[0]) : DEFAULT_PROGRAM_SETTINGS;
}

const LOCATION_SQL = `SELECT l.name, l.timezone, l.blocks, l.curricula, s.group_size_limit, s.min_hours_per_day, s.min_days_per_week, s.alumni_missed_sessions_limit
  FROM locations l LEFT JOIN program_settings s ON s.tenant_id = l.tenant_id WHERE l.location_id = $1 AND l.tenant_id = $2`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a row of LOCATION_SQL, from pg or as JSON
function toLocation(locationId: string, r: any): LocationRow {
  if (!r) throw notFound(`No location ${locationId}.`);
  const settings = r.group_size_limit === null ? DEFAULT_PROGRAM_SETTINGS : settingsOf(r);
  return { locationId, name: r.name, timezone: r.timezone, blocks: r.blocks, curricula: r.curricula, settings };
}

export async function loadLocation(client: PoolClient, tenantId: string, locationId: string): Promise<LocationRow> {
  const { rows } = await client.query(LOCATION_SQL, [locationId, tenantId]);
  return toLocation(locationId, rows[0]);
}

/** The location, and the streams the unit will decide on read in the same round trip (an enrollment batch's first read). */
export async function loadLocationWith(uow: UnitOfWork, streams: readonly StreamRef[], tenantId: string, locationId: string): Promise<LocationRow> {
  const [row] = await uow.readWith(streams, { text: LOCATION_SQL, values: [locationId, tenantId] });
  return toLocation(locationId, row);
}

async function weeksPresent(client: PoolClient, location: LocationRow, track: Track, kind: SeriesKind, weeks: readonly string[]): Promise<Set<string>> {
  const { rows } = await client.query<{ week: string }>(
    `SELECT DISTINCT to_char(week_start, 'YYYY-MM-DD') AS week FROM sessions
     WHERE location_id = $1 AND track = $2 AND series = $3 AND week_start = ANY($4::date[])`,
    [location.locationId, track, kind, weeks],
  );
  return new Set(rows.map((r) => r.week));
}

/** Schedules the missing weeks of a series; returns how many sessions it scheduled. `seen`: weeks a read already found. */
export async function ensureSeries(
  uow: UnitOfWork, ctx: CommandContext, location: LocationRow, track: Track, kind: SeriesKind, weeks: readonly string[], seen?: ReadonlySet<string>,
): Promise<number> {
  const { client } = uow;
  const known = seen ?? (await weeksPresent(client, location, track, kind, weeks));
  if (weeks.every((w) => known.has(w))) return 0;
  await client.query("SELECT pg_advisory_xact_lock(hashtext('iop:series:' || $1))", [location.locationId]);
  const present = await weeksPresent(client, location, track, kind, weeks);
  // Every missing session in one read and one append; ids derive from the slot (idempotencyKey), as the session id does.
  const decided = await uow.decideAll(weeks.filter((w) => !present.has(w)).flatMap((week) => planWeek(kind, location.blocks, track, week, location.timezone, location.curricula).map((plan) => {
    const sessionId = deterministicId(`series:${ctx.tenantId}:${location.locationId}:${kind}:${track}:${plan.startsAt}`);
    const { series, ...rest } = plan;
    const data = { ...rest, series, sessionId, locationId: location.locationId, facilitator: { role: 'counselor' as const }, groupSizeLimit: location.settings.groupSizeLimit };
    return { stream: { id: `session-${sessionId}`, type: 'session' }, decider: sessionDecider, command: { type: 'ScheduleSession' as const, data, metadata: ctx }, ctx: { ...ctx, idempotencyKey: sessionId } };
  })));
  return decided.reduce((n, d) => n + d.events.length, 0);
}

type SeriesWindow = { track: Track; kind: SeriesKind; from: string; until: string; weeks: readonly string[]; after?: string };

/**
 * The seats of a series in a window, its missing weeks generated first, read without locks. Read again whenever the
 * first read missed a week, whoever generated it: a concurrent enrollment of another partition may have generated it
 * while this one waited for the series lock (ensureSeries then schedules nothing), and the first read has none of
 * its seats.
 */
export async function unlockedSeriesSeats(uow: UnitOfWork, ctx: CommandContext, location: LocationRow, w: SeriesWindow): Promise<Candidate[]> {
  const q = { locationId: location.locationId, track: w.track, kind: w.kind, from: w.from, until: w.until, weeks: w.weeks, after: w.after, timezone: location.timezone };
  const seats = await readSeriesSeats(uow.client, q);
  if (w.weeks.every((week) => seats.weeks.has(week))) return seats.candidates;
  await ensureSeries(uow, ctx, location, w.track, w.kind, w.weeks, seats.weeks);
  return (await readSeriesSeats(uow.client, q)).candidates;
}

/** The seats of a series in a window, its missing weeks generated first, free seats locked (the enrollment hot path). */
export async function seriesSeatsFor(uow: UnitOfWork, ctx: CommandContext, location: LocationRow, w: SeriesWindow): Promise<Candidate[]> {
  return lockFreeSeats(uow.client, await unlockedSeriesSeats(uow, ctx, location, w));
}
