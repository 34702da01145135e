import type { PoolClient } from 'pg';
import { applyInRunsOf, type Projection, type StoredEvent } from '@iop/event-store';
import type {
  AlumniJoined, AlumniLeft, AlumniWeekBooked, Booking, BookingsCancelled, EnrollmentCancelled, EpisodeDischarged, EpisodeEnrolled, SessionBooked, WeekSummarized,
} from '../domain/enrollment/enrollment.events';
import { table } from './locations.projection';

/** The episode's waitlist places on these sessions are gone (they became seats, or were cancelled). */
async function leaveWaitlists(client: PoolClient, schema: string, episodeId: string, sessionIds: readonly string[]): Promise<void> {
  if (sessionIds.length === 0) return;
  const waitlists = table(schema, 'waitlists');
  await client.query(
    `WITH emptied AS (DELETE FROM ${waitlists} WHERE episode_id = $1 AND session_ids <@ $2::uuid[])
     UPDATE ${waitlists} SET session_ids = ARRAY(SELECT x FROM unnest(session_ids) AS x WHERE x <> ALL($2::uuid[]))
     WHERE episode_id = $1 AND session_ids && $2::uuid[] AND NOT session_ids <@ $2::uuid[]`,
    [episodeId, sessionIds],
  );
}

/** Seats (a booking, a promotion, an alumni join) and a waitlisting, outside the enrollment hot path. */
async function upsertBookings(client: PoolClient, schema: string, e: StoredEvent, episodeId: string, booked: readonly Booking[], waitlisted: readonly Booking[], at: string) {
  if (booked.length) {
    const sessionIds = booked.map((b) => b.sessionId);
    await client.query(
      `INSERT INTO ${table(schema, 'bookings')} (episode_id, session_id, tenant_id, status, since)
       SELECT $1, u.id, $2, 'booked', $4 FROM unnest($3::uuid[]) AS u(id)
       ON CONFLICT (episode_id, session_id) DO UPDATE SET status = excluded.status, since = excluded.since, cancel_reason = NULL`,
      [episodeId, e.metadata.tenantId, sessionIds, at],
    );
    await leaveWaitlists(client, schema, episodeId, sessionIds);
  }
  if (waitlisted.length) {
    const sessionIds = waitlisted.map((b) => b.sessionId);
    // A place once cancelled on one of these sessions is a waitlist place again.
    await client.query(`DELETE FROM ${table(schema, 'bookings')} WHERE episode_id = $1 AND session_id = ANY($2::uuid[])`, [episodeId, sessionIds]);
    await client.query(
      `INSERT INTO ${table(schema, 'waitlists')} AS w (episode_id, tenant_id, since, session_ids) VALUES ($1, $2, $3, $4::uuid[])
       ON CONFLICT (episode_id, since) DO UPDATE SET session_ids = ARRAY(SELECT DISTINCT x FROM unnest(w.session_ids || excluded.session_ids) AS x)`,
      [episodeId, e.metadata.tenantId, at, sessionIds],
    );
  }
}

/**
 * Enrollments (one, or a consumer's batch of admissions) with all their seats and waitlist places in one statement
 * (the hot path). A seat carries only its episode's position in the run and its session: tenant and time come from
 * the episode (fewer array elements to write here and to parse there). An episode's waitlist places are one row, its
 * session ids as an array literal.
 */
async function enrolledMany(client: PoolClient, schema: string, events: readonly StoredEvent[]): Promise<void> {
  const ds = events.map((e) => e.data as EpisodeEnrolled['data']);
  const seat = { episode: [] as number[], session: [] as string[] };
  ds.forEach((d, i) => {
    for (const sessionId of d.bookings.sessionIds) {
      seat.episode.push(i + 1);
      seat.session.push(sessionId);
    }
  });
  const col = <T>(f: (d: EpisodeEnrolled['data']) => T) => ds.map(f);
  await client.query(
    `WITH enrollment AS (
       INSERT INTO ${table(schema, 'enrollments')} (episode_id, tenant_id, patient_id, display_name, location_id, track, timezone, status,
         start_date, planned_end_date, weekly_hours_planned, min_hours_per_day, min_days_per_week, enrolled_at)
       SELECT e, t, p, n, l, tr, tz, 'active', s, pe, w, h, dw, at
       FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::date[], $9::date[], $10::numeric[], $11::numeric[], $12::int[], $13::timestamptz[])
         AS u(e, t, p, n, l, tr, tz, s, pe, w, h, dw, at)),
     waiting AS (
       INSERT INTO ${table(schema, 'waitlists')} (episode_id, tenant_id, since, session_ids)
       SELECT e, t, at, w::uuid[] FROM unnest($1::uuid[], $2::text[], $13::timestamptz[], $16::text[]) AS u(e, t, at, w) WHERE w IS NOT NULL)
     INSERT INTO ${table(schema, 'bookings')} (episode_id, session_id, tenant_id, status, since)
     SELECT e.e, p.s, e.t, 'booked', e.at
     FROM unnest($14::int[], $15::uuid[]) AS p(i, s)
     JOIN unnest($1::uuid[], $2::text[], $13::timestamptz[]) WITH ORDINALITY AS e(e, t, at, i) ON e.i = p.i`,
    [col((d) => d.episodeId), events.map((e) => e.metadata.tenantId), col((d) => d.patientId), col((d) => d.displayName), col((d) => d.locationId),
      col((d) => d.track), col((d) => d.timezone), col((d) => d.startDate), col((d) => d.plannedEndDate), col((d) => d.weeklyHoursPlanned),
      col((d) => d.rule.minHoursPerDay), col((d) => d.rule.minDaysPerWeek), col((d) => d.enrolledAt), seat.episode, seat.session,
      col((d) => (d.waitlisted.sessionIds.length ? `{${d.waitlisted.sessionIds.join(',')}}` : null))],
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
    case 'AlumniWeekBooked': {
      const d = e.data as AlumniWeekBooked['data'];
      return upsertBookings(client, schema, e, d.episodeId, d.bookings, d.waitlisted, d.bookedAt);
    }
    case 'AlumniLeft': {
      const d = e.data as AlumniLeft['data'];
      await client.query(`UPDATE ${enrollments} SET status = 'discharged' WHERE episode_id = $1`, [d.episodeId]);
      return;
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
      // Seats and waitlist places alike stay on the episode's record as cancelled places.
      const d = e.data as BookingsCancelled['data'];
      await client.query(
        `INSERT INTO ${table(schema, 'bookings')} (episode_id, session_id, tenant_id, status, cancel_reason, since)
         SELECT $1, unnest($2::uuid[]), $5, 'cancelled', $3, $4
         ON CONFLICT (episode_id, session_id) DO UPDATE SET status = 'cancelled', cancel_reason = excluded.cancel_reason, since = excluded.since`,
        [d.episodeId, [...d.sessionIds, ...d.waitlistSessionIds], d.reason, d.cancelledAt, e.metadata.tenantId],
      );
      await leaveWaitlists(client, schema, d.episodeId, d.waitlistSessionIds);
      return;
    }
    default: {
      const d = e.data as WeekSummarized['data'];
      await client.query(`UPDATE ${enrollments} SET last_closed_week = greatest(last_closed_week, $2::date) WHERE episode_id = $1`, [d.episodeId, d.weekStart]);
    }
  }
}

/** Enrollments and their places (seats, waitlists), inline: `GET /v1/enrollments/{id}` follows at once. */
export const enrollmentsProjection: Projection = {
  name: 'enrollments',
  tables: ['enrollments', 'bookings', 'waitlists'],
  handles: ['EpisodeEnrolled', 'AlumniJoined', 'AlumniWeekBooked', 'AlumniLeft', 'SessionBooked', 'EpisodeDischarged', 'EnrollmentCancelled', 'BookingsCancelled', 'WeekSummarized'],
  async apply(client, events, schema) {
    await applyInRunsOf(events, 'EpisodeEnrolled', (run) => enrolledMany(client, schema, run), (e) => applyOne(client, schema, e));
  },
};
