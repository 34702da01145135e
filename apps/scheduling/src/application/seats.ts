import type { PoolClient } from 'pg';
import { formatInZone } from '@iop/calendar';
import type { SessionType, Track } from '@iop/domain-events';
import type { Candidate } from '../domain/enrollment/enrollment-plan';
import type { SeriesKind } from '../domain/location/series-plan';

interface SeatRow {
  session_id: string;
  type: SessionType;
  /** Epoch milliseconds: cheaper to read than timestamps on the hot path. */
  starts_at: number;
  ends_at: number;
  seats_left: number;
  no_charge: boolean;
}

const EPOCH_MS = '(extract(epoch FROM starts_at) * 1000)::float8 AS starts_at, (extract(epoch FROM ends_at) * 1000)::float8 AS ends_at,';

export const toCandidate = (r: SeatRow, timezone: string): Candidate => ({
  sessionId: r.session_id, type: r.type, startsAt: formatInZone(r.starts_at, timezone), endsAt: formatInZone(r.ends_at, timezone),
  seatsLeft: r.seats_left, ...(r.no_charge ? { noCharge: true as const } : {}),
});

export interface SeriesSeats {
  candidates: Candidate[];
  /** Mondays that have series sessions in the window, whatever their status (a generated week). */
  weeks: Set<string>;
}

/**
 * The series sessions between two local dates, with their free seats, read without locks. The weeks seen are judged
 * on whole weeks: a week whose sessions all fall outside the window (the days before a Friday start date, an alumni
 * group's single weekly day after the end date) is generated all the same, and must not look missing on every call.
 */
export async function readSeriesSeats(
  client: PoolClient,
  q: { locationId: string; track: Track; kind: SeriesKind; from: string; until: string; weeks: readonly string[]; after?: string; timezone: string },
): Promise<SeriesSeats> {
  const { rows } = await client.query<SeatRow & { status: string; week: string; in_window: boolean }>(
    `SELECT session_id, type, ${EPOCH_MS} capacity - booked AS seats_left, no_charge, status, to_char(week_start, 'YYYY-MM-DD') AS week,
       (local_date >= $4 AND local_date < $5 AND ($6::timestamptz IS NULL OR starts_at > $6)) AS in_window
     FROM sessions WHERE location_id = $1 AND track = $2 AND series = $3 AND week_start = ANY($7::date[])
     ORDER BY starts_at, session_id`,
    [q.locationId, q.track, q.kind, q.from, q.until, q.after ?? null, q.weeks],
  );
  return {
    candidates: rows.filter((r) => r.in_window && r.status === 'scheduled').map((r) => toCandidate(r, q.timezone)),
    weeks: new Set(rows.map((r) => r.week)),
  };
}

/**
 * Locks the sessions that still had a seat and re-reads their seats: the seats decided on cannot be taken meanwhile
 * (never overbooked), and rows are locked in id order so concurrent enrollments never deadlock. Full sessions are
 * not locked, so once a location's groups fill up, admissions there run in parallel instead of one by one; the price
 * is a narrow race in which a seat freed by a discharge committing at that very moment leaves this episode
 * waitlisted next to it, as if it had been admitted a moment earlier.
 */
export async function lockFreeSeats(client: PoolClient, candidates: readonly Candidate[]): Promise<Candidate[]> {
  const query = lockFreeSeatsQuery(candidates);
  if (!query) return [...candidates];
  return withLockedSeats(candidates, (await client.query<LockedSeat>(query)).rows);
}

export type LockedSeat = { session_id: string; seats_left: number };

/** The statement that locks the candidates' free seats (none when no candidate has one). */
export function lockFreeSeatsQuery(candidates: readonly Candidate[]): { text: string; values: unknown[] } | undefined {
  const free = candidates.filter((c) => c.seatsLeft > 0).map((c) => c.sessionId);
  if (free.length === 0) return undefined;
  return {
    text: `SELECT session_id, capacity - booked AS seats_left FROM sessions WHERE session_id = ANY($1::uuid[]) AND status = 'scheduled'
     ORDER BY session_id FOR UPDATE`,
    values: [free],
  };
}

/** The candidates with the seats their locked rows have now; a free one whose row is gone (cancelled) drops out. */
export function withLockedSeats(candidates: readonly Candidate[], rows: readonly LockedSeat[]): Candidate[] {
  const locked = new Map(rows.map((r) => [r.session_id, r.seats_left]));
  return candidates
    .filter((c) => c.seatsLeft <= 0 || locked.has(c.sessionId))
    .map((c) => (c.seatsLeft > 0 ? { ...c, seatsLeft: locked.get(c.sessionId)! } : c));
}

export type LockedSession = Candidate & { series: SeriesKind | null; status: string; locationId: string };

/** Sessions' free seats by id, locked (a booking on top, a waitlist promotion); times in each session's own zone. */
export async function lockSessionSeats(client: PoolClient, tenantId: string, sessionIds: readonly string[]): Promise<Map<string, LockedSession>> {
  const { rows } = await client.query<SeatRow & { series: SeriesKind | null; status: string; location_id: string; timezone: string }>(
    `SELECT s.session_id, s.type, (extract(epoch FROM s.starts_at) * 1000)::float8 AS starts_at, (extract(epoch FROM s.ends_at) * 1000)::float8 AS ends_at, s.capacity - s.booked AS seats_left, s.no_charge, s.series, s.status, s.location_id, l.timezone
     FROM sessions s JOIN locations l ON l.location_id = s.location_id
     WHERE s.session_id = ANY($1::uuid[]) AND s.tenant_id = $2 ORDER BY s.session_id FOR UPDATE OF s`,
    [sessionIds, tenantId],
  );
  return new Map(rows.map((r) => [r.session_id, { ...toCandidate(r, r.timezone), series: r.series, status: r.status, locationId: r.location_id }]));
}
