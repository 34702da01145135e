import type { PatientDischarged, PublicEvent } from '@iop/domain-events';
import { commandContextFromEvent, type CommandContext, type UnitOfWork } from '@iop/event-store';
import type { EnrollmentEvent } from '../domain/enrollment/enrollment.events';
import { enrollmentDecider } from '../domain/enrollment/enrollment.decide';
import { firstWaitingOn } from '../read-models/places';
import { lockSessionSeats } from './seats';

const stream = (episodeId: string) => ({ id: `enrollment-${episodeId}`, type: 'enrollment' });

/** Seats a discharge freed go to the longest-waiting episode on each session's waitlist. */
export async function promoteWaitlisted(uow: UnitOfWork, ctx: CommandContext, sessionIds: readonly string[]): Promise<void> {
  if (sessionIds.length === 0) return;
  const { rows } = await uow.client.query<{ episode_id: string; session_id: string }>(
    `SELECT episode_id, session_id FROM ${firstWaitingOn('$1::uuid[]', '$2')} AS first ORDER BY session_id`,
    [sessionIds, ctx.tenantId],
  );
  const byEpisode = new Map<string, string[]>();
  for (const r of rows) byEpisode.set(r.episode_id, [...(byEpisode.get(r.episode_id) ?? []), r.session_id]);
  for (const [episodeId, ids] of byEpisode) {
    const seats = await lockSessionSeats(uow.client, ctx.tenantId, ids);
    const decide = (state: Parameters<typeof enrollmentDecider.decide>[1]) => ids.flatMap((sessionId) =>
      enrollmentDecider.decide({ type: 'PromoteFromWaitlist', data: { sessionId, seatsLeft: seats.get(sessionId)?.seatsLeft ?? 0 }, metadata: ctx }, state));
    await uow.decide(stream(episodeId), enrollmentDecider, decide, ctx);
  }
}

/** PatientDischarged -> bookings after the discharge time cancelled, their seats offered to the waitlist. */
export async function dischargeEpisode(uow: UnitOfWork, event: PublicEvent<PatientDischarged>): Promise<void> {
  const ctx = commandContextFromEvent(event, 'scheduling');
  const { episodeId, reason, dischargedAt } = event.data;
  const { events } = await uow.decide(stream(episodeId), enrollmentDecider, { type: 'DischargeEpisode', data: { reason, dischargedAt }, metadata: ctx }, ctx);
  const freed = events.flatMap((e: EnrollmentEvent) => (e.type === 'BookingsCancelled' ? e.data.sessionIds : []));
  await promoteWaitlisted(uow, ctx, freed);
}
