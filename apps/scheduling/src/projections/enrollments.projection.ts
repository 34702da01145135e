import type { PoolClient } from 'pg';
import { applyInRunsOf, type Projection, type StoredEvent } from '@iop/event-store';
import type {
  AlumniJoined, Booking, BookingsCancelled, EnrollmentCancelled, EpisodeDischarged, EpisodeEnrolled, SessionBooked, WeekSummarized,
} from '../enrollment/enrollment.events';
import { table } from './locations.projection';

/** One statement for all of an enrollment's seats and waitlist places (the enrollment hot path). */
async function upsertBookings(client: PoolClient, schema: string, e: StoredEvent, episodeId: string, booked: readonly Booking[], waitlisted: readonly Booking[], at: string) {
  const all = [...booked, ...waitlisted];
  if (all.length === 0) return;
  await client.query(
    `INSERT INTO ${table(schema, 'bookings')} (episode_id, session_id, tenant_id, status, since)
     SELECT $1, u.id, $2, u.status, $4 FROM unnest($3::uuid[], $5::text[]) AS u(id, status)
     ON CONFLICT (episode_id, session_id) DO UPDATE SET status = excluded.status, since = excluded.since, cancel_reason = NULL`,
    [episodeId, e.metadata.tenantId, all.map((b) => b.sessionId), at, all.map((_, i) => (i < booked.length ? 'booked' : 'waitlisted'))],
  );
}

/**
 * Enrollments (one, or a consumer's batch of admissions) and all their places in one statement (the hot path). A
 * place carries only its episode's position in the run, its session and whether it is a seat: tenant and time come
 * from the episode (fewer array elements to write here and to parse there).
 */
async function enrolledMany(client: PoolClient, schema: string, events: readonly StoredEvent[]): Promise<void> {
  const ds = events.map((e) => e.data as EpisodeEnrolled['data']);
  const place = { episode: [] as number[], session: [] as string[], booked: [] as boolean[] };
  const add = (i: number, sessionId: string, booked: boolean) => {
    place.episode.push(i + 1);
    place.session.push(sessionId);
    place.booked.push(booked);
  };
  ds.forEach((d, i) => {
    for (const b of d.bookings) add(i, b.sessionId, true);
    for (const b of d.waitlisted) add(i, b.sessionId, false);
  });
  const col = <T>(f: (d: EpisodeEnrolled['data']) => T) => ds.map(f);
  await client.query(
    `WITH enrollment AS (
       INSERT INTO ${table(schema, 'enrollments')} (episode_id, tenant_id, patient_id, display_name, location_id, track, timezone, status,
         start_date, planned_end_date, weekly_hours_planned, min_hours_per_day, min_days_per_week, enrolled_at)
       SELECT e, t, p, n, l, tr, tz, 'active', s, pe, w, h, dw, at
       FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::date[], $9::date[], $10::numeric[], $11::numeric[], $12::int[], $13::timestamptz[])
         AS u(e, t, p, n, l, tr, tz, s, pe, w, h, dw, at))
     INSERT INTO ${table(schema, 'bookings')} (episode_id, session_id, tenant_id, status, since)
     SELECT e.e, p.s, e.t, CASE WHEN p.booked THEN 'booked' ELSE 'waitlisted' END, e.at
     FROM unnest($14::int[], $15::uuid[], $16::bool[]) AS p(i, s, booked)
     JOIN unnest($1::uuid[], $2::text[], $13::timestamptz[]) WITH ORDINALITY AS e(e, t, at, i) ON e.i = p.i`,
    [col((d) => d.episodeId), events.map((e) => e.metadata.tenantId), col((d) => d.patientId), col((d) => d.displayName), col((d) => d.locationId),
      col((d) => d.track), col((d) => d.timezone), col((d) => d.startDate), col((d) => d.plannedEndDate), col((d) => d.weeklyHoursPlanned),
      col((d) => d.rule.minHoursPerDay), col((d) => d.rule.minDaysPerWeek), col((d) => d.enrolledAt), place.episode, place.session, place.booked],
  );
}

async function alumni(client: PoolClient, schema: string, e: StoredEvent): Promise<void> {
  const d = e.data as AlumniJoined['data'];
  await client.query(
    `INSERT INTO ${table(schema, 'enrollments')} (episode_id, tenant_id, patient_id, display_name, location_id, track, timezone, status, enrolled_at, alumni_since)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'alumni', $8, $8)
     ON CONFLICT (episode_id) DO UPDATE SET status = 'alumni', alumni_since = excluded.alumni_since`,
    [d.episodeId, e.metadata.tenantId, d.patientId, d.displayName, d.locationId, d.track, d.timezone, d.joinedAt],
  );
  await upsertBookings(client, schema, e, d.episodeId, d.bookings, d.waitlisted, d.joinedAt);
}

async function applyOne(client: PoolClient, schema: string, e: StoredEvent): Promise<void> {
  const enrollments = table(schema, 'enrollments');
  switch (e.type) {
    case 'AlumniJoined': return alumni(client, schema, e);
    case 'SessionBooked': {
      const d = e.data as SessionBooked['data'];
      return upsertBookings(client, schema, e, d.episodeId, [d.booking], [], d.bookedAt);
    }
    case 'EpisodeDischarged': {
      const d = e.data as EpisodeDischarged['data'];
      await client.query(`UPDATE ${enrollments} SET status = 'discharged', discharged_at = $2 WHERE episode_id = $1`, [d.episodeId, d.dischargedAt]);
      return;
    }
    case 'EnrollmentCancelled': {
      const d = e.data as EnrollmentCancelled['data'];
      await client.query(`UPDATE ${enrollments} SET status = 'cancelled' WHERE episode_id = $1`, [d.episodeId]);
      return;
    }
    case 'BookingsCancelled': {
      const d = e.data as BookingsCancelled['data'];
      await client.query(`UPDATE ${table(schema, 'bookings')} SET status = 'cancelled', cancel_reason = $3, since = $4 WHERE episode_id = $1 AND session_id = ANY($2::uuid[])`, [
        d.episodeId, [...d.sessionIds, ...d.waitlistSessionIds], d.reason, d.cancelledAt,
      ]);
      return;
    }
    default: {
      const d = e.data as WeekSummarized['data'];
      await client.query(`UPDATE ${enrollments} SET last_closed_week = greatest(last_closed_week, $2::date) WHERE episode_id = $1`, [d.episodeId, d.weekStart]);
    }
  }
}

/** Enrollments and their bookings (seats and waitlist places), inline: `GET /v1/enrollments/{id}` follows at once. */
export const enrollmentsProjection: Projection = {
  name: 'enrollments',
  tables: ['enrollments', 'bookings'],
  handles: ['EpisodeEnrolled', 'AlumniJoined', 'SessionBooked', 'EpisodeDischarged', 'EnrollmentCancelled', 'BookingsCancelled', 'WeekSummarized'],
  async apply(client, events, schema) {
    await applyInRunsOf(events, 'EpisodeEnrolled', (run) => enrolledMany(client, schema, run), (e) => applyOne(client, schema, e));
  },
};
