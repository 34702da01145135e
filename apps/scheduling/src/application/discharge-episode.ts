import type { PoolClient } from 'pg';
import type { PatientDischarged, PublicEvent } from '@iop/domain-events';
import { commandContextFromEvent, type CommandContext, type EventStore, handle, toEventMetadata } from '@iop/event-store';
import type { EnrollmentEvent } from '../enrollment/enrollment.events';
import { enrollmentDecider } from '../enrollment/enrollment.decide';
import { firstWaitingOn } from '../read-models/places';
import { lockSessionSeats } from './seats';

const stream = (episodeId: string) => ({ id: `enrollment-${episodeId}`, type: 'enrollment' });

/** Seats a discharge freed go to the longest-waiting episode on each session's waitlist. */
export async function promoteWaitlisted(store: EventStore, client: PoolClient, ctx: CommandContext, sessionIds: readonly string[], seed: string): Promise<void> {
  if (sessionIds.length === 0) return;
  const { rows } = await client.query<{ episode_id: string; session_id: string }>(
    `SELECT episode_id, session_id FROM ${firstWaitingOn('$1::uuid[]', '$2')} AS first ORDER BY session_id`,
    [sessionIds, ctx.tenantId],
  );
  const byEpisode = new Map<string, string[]>();
  for (const r of rows) byEpisode.set(r.episode_id, [...(byEpisode.get(r.episode_id) ?? []), r.session_id]);
  for (const [episodeId, ids] of byEpisode) {
    const seats = await lockSessionSeats(client, ctx.tenantId, ids);
    const decide = (state: Parameters<typeof enrollmentDecider.decide>[1]) => ids.flatMap((sessionId) =>
      enrollmentDecider.decide({ type: 'PromoteFromWaitlist', data: { sessionId, seatsLeft: seats.get(sessionId)?.seatsLeft ?? 0 }, metadata: ctx }, state));
    await handle(store, stream(episodeId), enrollmentDecider, decide, toEventMetadata(ctx), { client, idSeed: `${seed}:promote:${episodeId}` });
  }
}

/** PatientDischarged -> bookings after the discharge time cancelled, their seats offered to the waitlist. */
export async function dischargeEpisode(store: EventStore, client: PoolClient, event: PublicEvent<PatientDischarged>): Promise<void> {
  const ctx = commandContextFromEvent(event, 'scheduling');
  const { episodeId, reason, dischargedAt } = event.data;
  const { events } = await handle(store, stream(episodeId), enrollmentDecider,
    (state) => enrollmentDecider.decide({ type: 'DischargeEpisode', data: { reason, dischargedAt }, metadata: ctx }, state),
    toEventMetadata(ctx), { client, idSeed: event.id });
  const freed = events.flatMap((e: EnrollmentEvent) => (e.type === 'BookingsCancelled' ? e.data.sessionIds : []));
  await promoteWaitlisted(store, client, ctx, freed, event.id);
}
