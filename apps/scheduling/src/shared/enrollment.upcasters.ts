/** Stored shapes of scheduling's events older than the current ones, lifted on read (docs/ARCHITECTURE.md, "Upcasting"). */
import { Upcasters } from '@iop/event-store';
import { toPlaceList } from '../domain/enrollment/enrollment-plan';
import type { Booking, EpisodeEnrolled } from '../domain/enrollment/enrollment.events';

type EpisodeEnrolledV1 = Omit<EpisodeEnrolled['data'], 'bookings' | 'waitlisted'> & { bookings: Booking[]; waitlisted: Booking[] };

/** EpisodeEnrolled v1 -> v2: the lists of bookings become place lists; nothing else changes. */
export function episodeEnrolledV1toV2(data: unknown): EpisodeEnrolled['data'] {
  const v1 = data as EpisodeEnrolledV1;
  return { ...v1, bookings: toPlaceList(v1.bookings), waitlisted: toPlaceList(v1.waitlisted) };
}

export const schedulingUpcasters = new Upcasters({
  EpisodeEnrolled: { current: 2, steps: { 1: episodeEnrolledV1toV2 } },
});
