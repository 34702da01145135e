/**
 * A curriculum version saved over weeks already generated (PUT /v1/locations/{id}/curriculum): from its effective
 * date, the generated sessions nobody attended and that have not begun are replaced by the version's
 * (domain/location/curriculum-replan.ts), and the episodes enrolled on those days follow: their places on the
 * replaced sessions go back and they are booked on the new ones, all in the command's unit of work. New session ids
 * derive from the command's metadata (its correlation id), so a replayed command makes the same sessions.
 */
import { instantToLocal } from '@iop/calendar';
import { type CommandContext, deterministicId, type UnitOfWork } from '@iop/event-store';
import { enrollmentDecider } from '../domain/enrollment/enrollment.decide';
import type { Candidate } from '../domain/enrollment/enrollment-plan';
import type { EnrollmentEvent } from '../domain/enrollment/enrollment.events';
import type { EnrollmentState } from '../domain/enrollment/enrollment.state';
import { type GeneratedSession, inBookingWindow, replanCurriculum } from '../domain/location/curriculum-replan';
import type { Curriculum } from '../domain/location/location.events';
import { withVersion } from '../domain/location/location.state';
import { planProgramWeek } from '../domain/location/series-plan';
import { sessionDecider } from '../domain/session/session.decide';
import { placesOnSession } from '../read-models/places';
import type { LocationRow } from './calendar';
import { lockSessionSeats } from './seats';

/** What a saved version replaced, as the PUT answers it. */
export interface CurriculumReplaced {
  /** Mondays of the generated weeks from the effective date on (those re-planned). */
  weeks: string[];
  /** Sessions the version plans identically: left as they were, bookings and all. */
  sessionsUnchanged: number;
  /** Sessions left untouched although the version plans otherwise: they had begun or had attendance. */
  sessionsHeld: number;
  sessionsCancelled: number;
  sessionsCreated: number;
  /** Places (seats and waitlist places) given back on the cancelled sessions, and seats booked on the new ones. */
  placesReleased: number;
  seatsBooked: number;
  /** Enrolled episodes that were released or booked. */
  episodesRebooked: number;
}

const enrollmentStream = (episodeId: string) => ({ id: `enrollment-${episodeId}`, type: 'enrollment' });
const sessionStream = (sessionId: string) => ({ id: `session-${sessionId}`, type: 'session' });

type Row = { session_id: string; type: GeneratedSession['type']; starts_at: Date; ends_at: Date; week: string; status: string; attended: boolean };

export async function replanGeneratedWeeks(uow: UnitOfWork, ctx: CommandContext, location: LocationRow, curriculum: Curriculum): Promise<CurriculumReplaced & { weeksHeld: string[] }> {
  const { client } = uow;
  const { locationId, timezone } = location;
  // The series generator takes the same lock: no week is generated under the old version while this one replaces it.
  await client.query("SELECT pg_advisory_xact_lock(hashtext('iop:series:' || $1))", [locationId]);
  const { rows } = await client.query<Row>(
    `SELECT s.session_id, s.type, s.starts_at, s.ends_at, to_char(s.week_start, 'YYYY-MM-DD') AS week, s.status,
       EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = s.session_id) AS attended
     FROM sessions s WHERE s.tenant_id = $1 AND s.location_id = $2 AND s.track = $3 AND s.series = 'program' AND s.local_date >= $4
     ORDER BY s.starts_at, s.session_id`,
    [ctx.tenantId, locationId, curriculum.track, curriculum.effectiveFrom],
  );
  const weeks = [...new Set(rows.map((r) => r.week))].sort();
  const existing: (GeneratedSession & { week: string })[] = rows.filter((r) => r.status === 'scheduled').map((r) => ({
    sessionId: r.session_id, type: r.type, startsAt: r.starts_at.toISOString(), endsAt: r.ends_at.toISOString(), attended: r.attended, week: r.week,
  }));
  const curricula = withVersion(location.curricula, curriculum);
  const planned = weeks.flatMap((w) => planProgramWeek(location.blocks, curriculum.track, w, timezone, curricula))
    .filter((p) => instantToLocal(p.startsAt, timezone).date >= curriculum.effectiveFrom);
  const plan = replanCurriculum(existing, planned, ctx.now);
  const created = plan.created.map((p) => ({
    ...p, sessionId: deterministicId(`curriculum:${ctx.tenantId}:${locationId}:${curriculum.track}:${curriculum.effectiveFrom}:${ctx.correlationId}:${p.startsAt}`),
  }));

  // Who holds places on the replaced sessions (any status: a place must go back), and who is enrolled on those days.
  const { rows: episodes } = await client.query<{ episode_id: string }>(
    `SELECT DISTINCT p.episode_id FROM unnest($3::uuid[]) AS c(session_id) CROSS JOIN LATERAL ${placesOnSession('c.session_id', '$1')} p
     UNION
     SELECT e.episode_id FROM enrollments e WHERE e.tenant_id = $1 AND e.location_id = $2 AND e.track = $4 AND e.status = 'active' AND e.planned_end_date > $5
     ORDER BY 1`,
    [ctx.tenantId, locationId, plan.cancelled, curriculum.track, curriculum.effectiveFrom],
  );

  const cancel = { type: 'CancelSession' as const, data: { reason: 'rescheduled' as const }, metadata: ctx };
  await uow.decideAll(plan.cancelled.map((id) => ({ stream: sessionStream(id), decider: sessionDecider, command: cancel, ctx })));
  await uow.decideAll(created.map(({ series, ...p }) => ({
    stream: sessionStream(p.sessionId), decider: sessionDecider, ctx: { ...ctx, idempotencyKey: p.sessionId },
    command: {
      type: 'ScheduleSession' as const, metadata: ctx,
      data: { ...p, series, locationId, facilitator: { role: 'counselor' as const }, groupSizeLimit: location.settings.groupSizeLimit },
    },
  })));
  // Reading the new sessions' seats appends them first, so their rows are there for the bookings to count against.
  const seats = created.length ? await lockSessionSeats(client, ctx.tenantId, created.map((c) => c.sessionId)) : new Map();
  const seatsLeft = new Map([...seats].map(([id, s]) => [id, s.seatsLeft]));
  const candidates: Candidate[] = created.map(({ sessionId, type, startsAt, endsAt }) => ({ sessionId, type, startsAt, endsAt, seatsLeft: 0 }));

  const tally = { placesReleased: 0, seatsBooked: 0, episodesRebooked: 0 };
  for (const { episode_id: episodeId } of episodes) {
    const { events } = await uow.decide(enrollmentStream(episodeId), enrollmentDecider, (state: EnrollmentState): EnrollmentEvent[] => {
      const window = state.status === 'active' && state.startDate && state.plannedEndDate ? { from: state.startDate, until: state.plannedEndDate } : undefined;
      const offered = window ? inBookingWindow(candidates, window, timezone).map((c) => ({ ...c, seatsLeft: seatsLeft.get(c.sessionId) ?? 0 })) : [];
      return enrollmentDecider.decide({ type: 'FollowCurriculum', data: { cancelled: plan.cancelled, candidates: offered }, metadata: ctx }, state);
    }, ctx);
    for (const e of events) {
      if (e.type === 'BookingsCancelled') tally.placesReleased += e.data.sessionIds.length + e.data.waitlistSessionIds.length;
      if (e.type === 'SessionBooked') {
        tally.seatsBooked++;
        seatsLeft.set(e.data.booking.sessionId, (seatsLeft.get(e.data.booking.sessionId) ?? 1) - 1);
      }
    }
    if (events.length) tally.episodesRebooked++;
  }
  const heldWeeks = new Set(existing.filter((s) => plan.held.includes(s.sessionId)).map((s) => s.week));
  return {
    weeks, sessionsUnchanged: plan.unchanged.length, sessionsHeld: plan.held.length, sessionsCancelled: plan.cancelled.length,
    sessionsCreated: created.length, ...tally, weeksHeld: weeks.filter((w) => heldWeeks.has(w)),
  };
}
