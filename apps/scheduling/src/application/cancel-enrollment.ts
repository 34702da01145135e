import type { PoolClient } from 'pg';
import type { EpisodeCancelled, PublicEvent } from '@iop/domain-events';
import { commandContextFromEvent, type EventStore, handle, toEventMetadata } from '@iop/event-store';
import type { EnrollmentEvent } from '../enrollment/enrollment.events';
import { enrollmentDecider } from '../enrollment/enrollment.decide';
import { promoteWaitlisted } from './discharge-episode';

/** EpisodeCancelled -> the episode's seats and waitlist places released, the freed seats offered to the waitlist. */
export async function cancelEnrollment(store: EventStore, client: PoolClient, event: PublicEvent<EpisodeCancelled>): Promise<void> {
  const ctx = commandContextFromEvent(event, 'scheduling');
  const { episodeId, cancelledAt } = event.data;
  const { events } = await handle(store, { id: `enrollment-${episodeId}`, type: 'enrollment' }, enrollmentDecider,
    (state) => enrollmentDecider.decide({ type: 'CancelEnrollment', data: { cancelledAt }, metadata: ctx }, state),
    toEventMetadata(ctx), { client, idSeed: event.id });
  const freed = events.flatMap((e: EnrollmentEvent) => (e.type === 'BookingsCancelled' ? e.data.sessionIds : []));
  await promoteWaitlisted(store, client, ctx, freed, event.id);
}
