import type { PoolClient } from 'pg';
import type { EventStore } from '@iop/event-store';
import { ProblemError, withTenant } from '@iop/platform';

/** Database rules that only the database can see across concurrent writers, as the problems a client can act on. */
const CONSTRAINTS: Record<string, [status: number, detail: string, code: string]> = {
  sessions_facilitator_overlap: [409, 'The facilitator already has a session at that time.', 'facilitator-double-booked'],
  sessions_room_overlap: [409, 'The room is already taken at that time.', 'room-double-booked'],
  sessions_never_overbooked: [409, 'The session is full.', 'session-full'],
};

export function asProblem(err: unknown): unknown {
  const pg = err as { code?: string; constraint?: string };
  const known = pg.constraint ? CONSTRAINTS[pg.constraint] : undefined;
  if (known && (pg.code === '23P01' || pg.code === '23514')) return new ProblemError(known[0], known[1], undefined, known[2]);
  return err;
}

/**
 * One request's reads and appends in one transaction with the caller's tenant set (row-level security); withTenant
 * re-runs the whole unit on a version conflict (deciders are pure). The database's own refusals become problems.
 */
export async function inTenantTransaction<T>(store: EventStore, tenantId: string, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  try {
    return await withTenant(store.pool, tenantId, fn);
  } catch (err) {
    throw asProblem(err);
  }
}
