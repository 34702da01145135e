import { notFound } from '@iop/decider';
import { type EventStore, loadStream } from '@iop/event-store';
import { enrollmentDecider } from '../domain/enrollment/enrollment.decide';
import type { Enrollment } from '../domain/enrollment/enrollment.state';

/** The episode's enrollment folded from its stream; another tenant's episode does not exist for the caller. */
export async function loadEnrollment(store: EventStore, tenantId: string, episodeId: string): Promise<Enrollment> {
  const missing = () => notFound(`No enrollment for episode ${episodeId} (yet).`);
  const { state } = await loadStream(store, { id: `enrollment-${episodeId}`, type: 'enrollment' }, enrollmentDecider, tenantId).catch((err: unknown) => {
    throw (err as { kind?: string }).kind === 'not-found' ? missing() : err;
  });
  if (state.status === 'none') throw missing();
  return state;
}
