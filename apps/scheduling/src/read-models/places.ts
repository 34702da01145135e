/**
 * An episode's places on sessions. Seats, and places that were cancelled, are rows of `bookings`; waitlist places
 * are kept compactly, one `waitlists` row per waitlisting (an enrollment, an alumni join) with its session ids. An
 * admission to a full track waits for every session of its eight weeks: as 64 rows, its waitlist was most of the
 * database's work per admission. A place leaves the waitlist when it becomes a seat or is cancelled.
 *
 * These fragments are subqueries for the read side; their parameters are placeholders of the enclosing query.
 */

/** Every place of one episode: session_id, status ('booked' | 'waitlisted' | 'cancelled'), cancel_reason, since. */
export const placesOfEpisode = (episode: string, tenant: string) => `(
  SELECT session_id, status, cancel_reason, since FROM bookings WHERE episode_id = ${episode} AND tenant_id = ${tenant}
  UNION ALL
  SELECT u.session_id, 'waitlisted', NULL, w.since FROM waitlists w CROSS JOIN LATERAL unnest(w.session_ids) AS u(session_id)
  WHERE w.episode_id = ${episode} AND w.tenant_id = ${tenant})`;

/** The seats and waitlist places on one session: episode_id, status ('booked' | 'waitlisted'), since. */
export const placesOnSession = (session: string, tenant: string) => `(
  SELECT episode_id, status, since FROM bookings WHERE session_id = ${session} AND tenant_id = ${tenant} AND status = 'booked'
  UNION ALL
  SELECT episode_id, 'waitlisted', since FROM waitlists WHERE tenant_id = ${tenant} AND ${session} = ANY(session_ids))`;

/** The longest-waiting episode on each of these sessions (the promotion order): episode_id, session_id. */
export const firstWaitingOn = (sessions: string, tenant: string) => `(
  SELECT DISTINCT ON (u.session_id) w.episode_id, u.session_id FROM waitlists w CROSS JOIN LATERAL unnest(w.session_ids) AS u(session_id)
  WHERE w.tenant_id = ${tenant} AND w.session_ids && ${sessions} AND u.session_id = ANY(${sessions}) ORDER BY u.session_id, w.since, w.episode_id)`;

/** How many wait for session `s` (a correlated subquery on `sessions s`). */
export const WAITLISTED_COUNT = '(SELECT count(*) FROM waitlists w WHERE w.tenant_id = s.tenant_id AND s.session_id = ANY(w.session_ids))::int';
