import { notFound } from '@iop/decider';
import { type EventStore, toDomain } from '@iop/event-store';
import { enrollmentDecider } from '../enrollment/enrollment.decide';
import type { EnrollmentEvent } from '../enrollment/enrollment.events';
import type { Enrollment } from '../enrollment/enrollment.state';

/** The episode's enrollment folded from its stream; another tenant's episode does not exist for the caller. */
export async function loadEnrollment(store: EventStore, tenantId: string, episodeId: string): Promise<Enrollment> {
  const history = await store.readStream(`enrollment-${episodeId}`);
  if (!history.length || history[0].metadata.tenantId !== tenantId) throw notFound(`No enrollment for episode ${episodeId} (yet).`);
  const state = history.map((e) => toDomain<EnrollmentEvent>(e)).reduce(enrollmentDecider.evolve, enrollmentDecider.initialState());
  if (state.status === 'none') throw notFound(`No enrollment for episode ${episodeId} (yet).`);
  return state;
}
