/**
 * Plan-driven care (docs/DOMAIN.md section 9): clinical notes' TreatmentPlanCareSet books the plan's individual
 * sessions, a newer version replaces them from its effective date, and the episode's end cancels what is left.
 * Everything happens in the consumer's unit of work (the inbox applies each event once); session ids derive from the
 * episode, the plan version and the slot, so a replay books the same sessions.
 */
import { localDateIn, maxDate } from '@iop/calendar';
import type { CareStaffRole, PublicEvent, TreatmentPlanCareSet } from '@iop/domain-events';
import { type CommandContext, commandContextFromEvent, deterministicId, type UnitOfWork } from '@iop/event-store';
import { loadLocation } from '../application/calendar';
import { lockSessionSeats } from '../application/seats';
import { enrollmentDecider } from '../domain/enrollment/enrollment.decide';
import type { EnrollmentEvent } from '../domain/enrollment/enrollment.events';
import type { Enrollment, EnrollmentState } from '../domain/enrollment/enrollment.state';
import { type CareOrder, type Interval, placeCare } from '../domain/plan-care/care-slots';
import { planCareDecider, planCareStream, replaceableSessions } from '../domain/plan-care/plan-care.decide';
import type { PlanCareEvent, PlanSession } from '../domain/plan-care/plan-care.events';
import { sessionDecider } from '../domain/session/session.decide';
import type { CancellationReason, FacilitatorRole } from '../domain/session/session.events';
import type { SessionState } from '../domain/session/session.state';

const enrollmentStream = (episodeId: string) => ({ id: `enrollment-${episodeId}`, type: 'enrollment' });
const sessionStream = (sessionId: string) => ({ id: `session-${sessionId}`, type: 'session' });

/** The session's facilitator role for the care role (a medical director consults as the physician they are). */
const FACILITATOR_OF: Record<CareStaffRole, FacilitatorRole> = {
  clinician: 'clinician', supervisor: 'clinician', counselor: 'counselor', psychiatrist: 'psychiatrist', 'medical-director': 'psychiatrist',
  'case-manager': 'case-manager', nurse: 'nurse',
};

/** Whom the care's sessions may not clash with: the staff members' other sessions in the window. */
async function staffBusy(uow: UnitOfWork, ctx: CommandContext, staffIds: readonly string[], from: string, untilDate: string, skip: ReadonlySet<string>) {
  const busy: Record<string, Interval[]> = Object.fromEntries(staffIds.map((id) => [id, []]));
  if (staffIds.length === 0) return busy;
  const { rows } = await uow.client.query<{ session_id: string; staff_id: string; starts_at: Date; ends_at: Date }>(
    `SELECT session_id, staff_id, starts_at, ends_at FROM sessions
     WHERE tenant_id = $1 AND staff_id = ANY($2::text[]) AND status = 'scheduled' AND ends_at > $3 AND local_date < $4`,
    [ctx.tenantId, staffIds, from, untilDate],
  );
  for (const r of rows) {
    if (!skip.has(r.session_id)) busy[r.staff_id].push({ startsAt: r.starts_at.toISOString(), endsAt: r.ends_at.toISOString() });
  }
  return busy;
}

/** The sessions the version orders for an active episode, placed around what the patient and the staff already have. */
async function desiredSessions(uow: UnitOfWork, ctx: CommandContext, enrollment: Enrollment, care: TreatmentPlanCareSet, replaceable: ReadonlySet<string>) {
  const location = await loadLocation(uow.client, ctx.tenantId, enrollment.locationId);
  const firstDate = maxDate(enrollment.startDate!, localDateIn(care.effectiveFrom, enrollment.timezone));
  const untilDate = enrollment.plannedEndDate!;
  const orders: CareOrder[] = care.interventions.map(({ service, cadence, durationMinutes, staffId, staffRole }) => ({ service, cadence, durationMinutes, staffId, staffRole }));
  const patientBusy = Object.values(enrollment.bookings).filter((b) => b.status !== 'cancelled' && !replaceable.has(b.sessionId));
  const placement = placeCare({
    timezone: enrollment.timezone, blocks: location.blocks.filter((b) => b.track === enrollment.track), effectiveFrom: care.effectiveFrom, firstDate, untilDate,
    orders, patientBusy, staffBusy: await staffBusy(uow, ctx, [...new Set(orders.map((o) => o.staffId))], care.effectiveFrom, untilDate, replaceable),
  });
  const desired: PlanSession[] = placement.slots.map(({ key, service, staffId, staffRole, startsAt, endsAt }) => ({
    sessionId: deterministicId(`plan-care:${ctx.tenantId}:${care.episodeId}:${care.version}:${key}`), key, service, staffId, staffRole, startsAt, endsAt,
  }));
  return { desired, unplaced: placement.unplaced.map(({ service, weekStart }) => ({ service, weekStart })) };
}

/** Cancels the sessions (those still scheduled) and gives the episode's seats on them back. */
async function cancelSessions(uow: UnitOfWork, ctx: CommandContext, episodeId: string, sessionIds: readonly string[], reason: CancellationReason) {
  if (sessionIds.length === 0) return;
  const cancel = { type: 'CancelSession' as const, data: { reason }, metadata: ctx };
  await uow.decideAll(sessionIds.map((id) => ({
    stream: sessionStream(id), decider: sessionDecider, ctx,
    command: (state: SessionState) => (state.status === 'scheduled' ? sessionDecider.decide(cancel, state) : []),
  })));
  await uow.decide(enrollmentStream(episodeId), enrollmentDecider, (state: EnrollmentState): EnrollmentEvent[] =>
    sessionIds.flatMap((sessionId) => enrollmentDecider.decide({ type: 'ReleaseCancelledSession', data: { sessionId }, metadata: ctx }, state)), ctx);
}

/** Schedules the new sessions (one seat, the responsible staff member facilitating) and books the episode on them. */
async function bookSessions(uow: UnitOfWork, ctx: CommandContext, enrollment: Enrollment, sessions: readonly PlanSession[], plan: { planId: string; version: number }) {
  if (sessions.length === 0) return;
  await uow.decideAll(sessions.map((s) => ({
    stream: sessionStream(s.sessionId), decider: sessionDecider, ctx,
    command: {
      type: 'ScheduleSession' as const, metadata: ctx,
      data: {
        sessionId: s.sessionId, locationId: enrollment.locationId, track: enrollment.track, type: s.service, startsAt: s.startsAt, endsAt: s.endsAt,
        facilitator: { role: FACILITATOR_OF[s.staffRole], staffId: s.staffId }, plan, groupSizeLimit: 1,
      },
    },
  })));
  // Seats are decided on locked rows, as any booking on top is; reading them first appends the sessions just decided,
  // so their rows are there for the bookings to count against.
  const seats = await lockSessionSeats(uow.client, ctx.tenantId, sessions.map((s) => s.sessionId));
  await uow.decide(enrollmentStream(enrollment.episodeId), enrollmentDecider, (state: EnrollmentState): EnrollmentEvent[] => sessions.flatMap((s) => {
    const seat = seats.get(s.sessionId);
    if (!seat) throw new Error(`Session ${s.sessionId} was not scheduled.`);
    const { series: _series, status: _status, locationId: _location, ...candidate } = seat;
    return enrollmentDecider.decide({ type: 'BookSession', data: { candidate, fromSeries: false }, metadata: ctx }, state);
  }), ctx);
}

/** TreatmentPlanCareSet -> the version's sessions booked, the previous version's later ones it no longer orders cancelled. */
export async function applyPlanCare(uow: UnitOfWork, event: PublicEvent<TreatmentPlanCareSet>): Promise<void> {
  const ctx = commandContextFromEvent(event, 'scheduling');
  const care = event.data;
  // Read into the unit (nothing decided): the unit holds the streams for the decisions below.
  const { state: enrollment } = await uow.decide(enrollmentStream(care.episodeId), enrollmentDecider, () => [], ctx);
  // Plans follow admission, but on another topic: until PatientAdmitted is consumed, retry (then park, replayable).
  if (enrollment.status === 'none') throw new Error(`Episode ${care.episodeId} is not enrolled here yet.`);
  const { state: plan } = await uow.decide(planCareStream(care.episodeId), planCareDecider, () => [], ctx);
  const attended = Object.keys(enrollment.attendance);
  const replaceable = new Set(replaceableSessions(plan, care.effectiveFrom, attended).map((s) => s.sessionId));
  // A discharged or cancelled episode gets no new sessions; what it still had was cancelled when it ended.
  const { desired, unplaced } = enrollment.status === 'active' ? await desiredSessions(uow, ctx, enrollment, care, replaceable) : { desired: [], unplaced: [] };
  const { planId, episodeId, version, effectiveFrom } = care;
  const gone = replaceable.size ? (await uow.client.query<{ session_id: string }>(
    "SELECT session_id FROM sessions WHERE session_id = ANY($1::uuid[]) AND status = 'cancelled'", [[...replaceable]])).rows.map((r) => r.session_id) : [];
  const { events } = await uow.decide(planCareStream(episodeId), planCareDecider, {
    type: 'ApplyPlanCare', data: { episodeId, planId, version, effectiveFrom, desired, unplaced, attended, gone }, metadata: ctx,
  }, ctx);
  const applied = events.find((e: PlanCareEvent) => e.type === 'PlanCareApplied');
  if (applied?.type !== 'PlanCareApplied') return;
  // Cancelled first: a kept time freed by a cancellation may be taken again by the new version.
  await cancelSessions(uow, ctx, episodeId, applied.data.cancelled, 'rescheduled');
  if (enrollment.status === 'active') await bookSessions(uow, ctx, enrollment, applied.data.booked, { planId, version });
}

/** The episode ended (PatientDischarged, EpisodeCancelled): the plan's sessions after that instant are cancelled. */
export async function stopPlanCare(uow: UnitOfWork, ctx: CommandContext, episodeId: string, at: string, reason: 'discharged' | 'episode-cancelled'): Promise<void> {
  const { state: enrollment } = await uow.decide(enrollmentStream(episodeId), enrollmentDecider, () => [], ctx);
  const attended = enrollment.status === 'none' ? [] : Object.keys(enrollment.attendance);
  const { events } = await uow.decide(planCareStream(episodeId), planCareDecider, { type: 'StopPlanCare', data: { episodeId, reason, at, attended }, metadata: ctx }, ctx);
  const cancelled = events.flatMap((e: PlanCareEvent) => (e.type === 'PlanCareStopped' ? e.data.cancelled : []));
  await cancelSessions(uow, ctx, episodeId, cancelled, 'other');
}
