import { randomUUID } from 'node:crypto';
import { addDays, instantToLocal, mondayOf } from '@iop/calendar';
import type { AlumniEnrolled, PublicEvent } from '@iop/domain-events';
import { type CommandContext, commandContextFromEvent, type Commands, type EventStore, type UnitOfWork } from '@iop/event-store';
import { inTransaction, PROJECTOR_SETTING } from '@iop/platform';
import { enrollmentDecider } from '../domain/enrollment/enrollment.decide';
import { loadLocation, type LocationRow, seriesSeatsFor } from './calendar';

/**
 * Alumni are booked this many weeks ahead, counting the current one, and no further: the weekly job books each next
 * week while they keep coming (docs/DOMAIN.md section 1), so a booking is never unbounded in advance.
 */
export const ALUMNI_HORIZON_WEEKS = 2;

/** The alumni series window from the week of `instant` at the location. */
function alumniWindow(location: LocationRow, track: AlumniEnrolled['track'], instant: string) {
  const firstWeek = mondayOf(instantToLocal(instant, location.timezone).date);
  const weeks = Array.from({ length: ALUMNI_HORIZON_WEEKS }, (_, i) => addDays(firstWeek, 7 * i));
  return { track, kind: 'alumni' as const, from: firstWeek, until: addDays(firstWeek, 7 * ALUMNI_HORIZON_WEEKS), weeks, after: instant };
}

/** AlumniEnrolled -> one no-charge group a week at the patient's location and track, from the next one on. */
export async function enrollAlumni(uow: UnitOfWork, event: PublicEvent<AlumniEnrolled>): Promise<void> {
  const ctx = commandContextFromEvent(event, 'scheduling');
  const a = event.data;
  const location = await loadLocation(uow.client, ctx.tenantId, a.locationId);
  const candidates = await seriesSeatsFor(uow, ctx, location, alumniWindow(location, a.track, a.enrolledAt));
  const data = { episodeId: a.episodeId, patientId: a.patientId, displayName: a.displayName, locationId: a.locationId, track: a.track, timezone: location.timezone, candidates };
  await uow.decide({ id: `enrollment-${a.episodeId}`, type: 'enrollment' }, enrollmentDecider, { type: 'JoinAlumni', data, metadata: ctx }, ctx);
}

interface AlumnusRow {
  episode_id: string;
  tenant_id: string;
  location_id: string;
  track: AlumniEnrolled['track'];
}

/** One alumnus' weekly step: stop if they stopped coming, else book the coming weeks' group (generated if need be). */
async function extendOne(commands: Commands, ctx: CommandContext, row: AlumnusRow): Promise<string[]> {
  return commands.run(ctx, async (uow) => {
    const location = await loadLocation(uow.client, ctx.tenantId, row.location_id);
    const candidates = await seriesSeatsFor(uow, ctx, location, alumniWindow(location, row.track, ctx.now));
    const command = { type: 'ExtendAlumni' as const, data: { candidates, missedLimit: location.settings.alumniMissedSessionsLimit }, metadata: ctx };
    const { events } = await uow.decide({ id: `enrollment-${row.episode_id}`, type: 'enrollment' }, enrollmentDecider, command, ctx);
    return events.map((e) => e.type);
  });
}

export interface ExtendAlumniResult {
  alumni: number;
  extended: number;
  stopped: number;
}

/**
 * The weekly step for every alumnus (one tenant's, or all for the periodic job). Repeating it in a week books
 * nothing new: the decider books only the groups not booked yet.
 */
export async function extendAlumni(store: EventStore, commands: Commands, now: Date, tenantId: string | null): Promise<ExtendAlumniResult> {
  const rows = await inTransaction(store.pool, async (client) => {
    await client.query(PROJECTOR_SETTING);
    const { rows } = await client.query<AlumnusRow>(
      `SELECT episode_id, tenant_id, location_id, track FROM enrollments WHERE status = 'alumni' AND ($1::text IS NULL OR tenant_id = $1)
       ORDER BY tenant_id, episode_id`,
      [tenantId],
    );
    return rows;
  });
  const result: ExtendAlumniResult = { alumni: rows.length, extended: 0, stopped: 0 };
  for (const row of rows) {
    const ctx: CommandContext = {
      now: now.toISOString(), tenantId: row.tenant_id, actor: { subject: 'service:scheduling', roles: [] }, correlationId: randomUUID(),
    };
    const types = await extendOne(commands, ctx, row);
    if (types.includes('AlumniWeekBooked')) result.extended++;
    if (types.includes('AlumniLeft')) result.stopped++;
  }
  return result;
}
