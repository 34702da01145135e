import { ProblemError } from '@iop/platform';

/** Database rules that only the database can see across concurrent writers, as the problems a client can act on. */
const CONSTRAINTS: Record<string, [status: number, detail: string, code: string]> = {
  sessions_facilitator_overlap: [409, 'The facilitator already has a session at that time.', 'facilitator-double-booked'],
  sessions_room_overlap: [409, 'The room is already taken at that time.', 'room-double-booked'],
  sessions_never_overbooked: [409, 'The session is full.', 'session-full'],
};

/** The command pipeline's error mapper for scheduling (`commandErrors`): a database refusal becomes its problem. */
export function asProblem(err: unknown): unknown {
  const pg = err as { code?: string; constraint?: string };
  const known = pg.constraint ? CONSTRAINTS[pg.constraint] : undefined;
  if (known && (pg.code === '23P01' || pg.code === '23514')) return new ProblemError(known[0], known[1], undefined, known[2]);
  return err;
}
