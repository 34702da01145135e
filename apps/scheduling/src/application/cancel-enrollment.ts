import type { EpisodeCancelled, PublicEvent } from '@iop/domain-events';
import { commandContextFromEvent, type UnitOfWork } from '@iop/event-store';
import type { EnrollmentEvent } from '../domain/enrollment/enrollment.events';
import { enrollmentDecider } from '../domain/enrollment/enrollment.decide';
import { promoteWaitlisted } from './discharge-episode';

/** EpisodeCancelled -> the episode's seats and waitlist places released, the freed seats offered to the waitlist. */
export async function cancelEnrollment(uow: UnitOfWork, event: PublicEvent<EpisodeCancelled>): Promise<void> {
  const ctx = commandContextFromEvent(event, 'scheduling');
  const { episodeId, cancelledAt } = event.data;
  const { events } = await uow.decide({ id: `enrollment-${episodeId}`, type: 'enrollment' }, enrollmentDecider, { type: 'CancelEnrollment', data: { cancelledAt }, metadata: ctx }, ctx);
  const freed = events.flatMap((e: EnrollmentEvent) => (e.type === 'BookingsCancelled' ? e.data.sessionIds : []));
  await promoteWaitlisted(uow, ctx, freed);
}
