import type { PoolClient } from 'pg';
import { mondayOf } from '@iop/calendar';
import { applyInRunsOf, type Projection, type StoredEvent } from '@iop/event-store';
import type { AlumniJoined, AlumniWeekBooked, BookingsCancelled, EpisodeEnrolled, SessionBooked } from '../domain/enrollment/enrollment.events';
import type { SessionCancelled, SessionScheduled } from '../domain/session/session.events';
import { table } from './locations.projection';

/**
 * Seat counts move by `delta` for each time a session is named (a batch of enrollments names one several times).
 * Rows are locked in id order, as enrollment locks them, so a discharge and an enrollment never deadlock.
 */
async function seats(client: PoolClient, schema: string, sessionIds: readonly string[], delta: 1 | -1): Promise<void> {
  if (sessionIds.length === 0) return;
  const counts = new Map<string, number>();
  for (const id of sessionIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  const sessions = table(schema, 'sessions');
  await client.query(
    `WITH d AS (SELECT * FROM unnest($1::uuid[], $2::int[]) AS d(id, n)),
     locked AS (SELECT session_id FROM ${sessions} WHERE session_id IN (SELECT id FROM d) ORDER BY session_id FOR UPDATE)
     UPDATE ${sessions} s SET booked = s.booked + d.n * $3 FROM d JOIN locked ON locked.session_id = d.id WHERE s.session_id = d.id`,
    [[...counts.keys()], [...counts.values()], delta],
  );
}

/** Session times carry the location's offset, so their first ten characters are the local date. */
async function scheduled(client: PoolClient, schema: string, e: StoredEvent): Promise<void> {
  const d = e.data as SessionScheduled['data'];
  const localDate = d.startsAt.slice(0, 10);
  await client.query(
    `INSERT INTO ${table(schema, 'sessions')} (session_id, tenant_id, location_id, track, type, series, starts_at, ends_at, local_date,
       week_start, facilitator_role, staff_id, room, virtual_link, capacity, no_charge, plan_id, plan_version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
    [d.sessionId, e.metadata.tenantId, d.locationId, d.track ?? null, d.type, d.series ?? null, d.startsAt, d.endsAt, localDate, mondayOf(localDate),
      d.facilitator.role, d.facilitator.staffId ?? null, d.room ?? null, d.virtualLink ?? null, d.capacity, d.noCharge === true,
      d.plan?.planId ?? null, d.plan?.version ?? null],
  );
}

/**
 * Sessions and their seat counts. The count moves with the bookings events in the same transaction; the CHECK on it
 * is the last guard against overbooking.
 */
export const sessionsProjection: Projection = {
  name: 'sessions',
  tables: ['sessions'],
  handles: ['SessionScheduled', 'SessionCancelled', 'EpisodeEnrolled', 'AlumniJoined', 'AlumniWeekBooked', 'SessionBooked', 'BookingsCancelled'],
  async apply(client, events, schema) {
    const bookedIn = (run: readonly StoredEvent[]) => run.flatMap((x) => (x.data as EpisodeEnrolled['data']).bookings.sessionIds);
    await applyInRunsOf(events, 'EpisodeEnrolled', (run) => seats(client, schema, bookedIn(run), 1), async (e) => {
      if (e.type === 'SessionScheduled') await scheduled(client, schema, e);
      else if (e.type === 'SessionCancelled') {
        const d = e.data as SessionCancelled['data'];
        await client.query(`UPDATE ${table(schema, 'sessions')} SET status = 'cancelled', cancel_reason = $2, cancelled_at = $3 WHERE session_id = $1`, [
          d.sessionId, d.reason, d.cancelledAt,
        ]);
      } else if (e.type === 'AlumniJoined') await seats(client, schema, (e.data as AlumniJoined['data']).bookings.map((b) => b.sessionId), 1);
      else if (e.type === 'AlumniWeekBooked') await seats(client, schema, (e.data as AlumniWeekBooked['data']).bookings.map((b) => b.sessionId), 1);
      else if (e.type === 'SessionBooked') await seats(client, schema, [(e.data as SessionBooked['data']).booking.sessionId], 1);
      else await seats(client, schema, (e.data as BookingsCancelled['data']).sessionIds, -1);
    });
  },
};
