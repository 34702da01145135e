import { addDays, instantToLocal, mondayOf } from '@iop/calendar';
import type { AlumniEnrolled, PublicEvent } from '@iop/domain-events';
import { commandContextFromEvent, type UnitOfWork } from '@iop/event-store';
import { enrollmentDecider } from '../domain/enrollment/enrollment.decide';
import { loadLocation, seriesSeatsFor } from './calendar';

/** Alumni are booked as far ahead as a new location's series reaches; later weeks follow the same way. */
export const ALUMNI_WEEKS = 4;

/** AlumniEnrolled -> one no-charge group a week at the patient's location and track, from the next one on. */
export async function enrollAlumni(uow: UnitOfWork, event: PublicEvent<AlumniEnrolled>): Promise<void> {
  const ctx = commandContextFromEvent(event, 'scheduling');
  const a = event.data;
  const location = await loadLocation(uow.client, ctx.tenantId, a.locationId);
  const firstWeek = mondayOf(instantToLocal(a.enrolledAt, location.timezone).date);
  const weeks = Array.from({ length: ALUMNI_WEEKS }, (_, i) => addDays(firstWeek, 7 * i));
  const candidates = await seriesSeatsFor(uow, ctx, location, {
    track: a.track, kind: 'alumni', from: firstWeek, until: addDays(firstWeek, 7 * ALUMNI_WEEKS), weeks, after: a.enrolledAt,
  });
  const data = { episodeId: a.episodeId, patientId: a.patientId, displayName: a.displayName, locationId: a.locationId, track: a.track, timezone: location.timezone, candidates };
  await uow.decide({ id: `enrollment-${a.episodeId}`, type: 'enrollment' }, enrollmentDecider, { type: 'JoinAlumni', data, metadata: ctx }, ctx);
}
