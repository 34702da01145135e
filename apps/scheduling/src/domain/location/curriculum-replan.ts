/**
 * Re-planning weeks already generated when a track's curriculum changes (pure): "a change applies from a date and
 * never rewrites attended history" (docs/DOMAIN.md section 1). From the version's effective date, the generated
 * sessions nobody attended and that have not begun are replaced by the ones the new version plans: a session the new
 * version plans identically (type, start and end) stays as it is, with its bookings; the others are cancelled and
 * the new ones created, and the episodes enrolled on those days are booked on them. Sessions that have begun or
 * have attendance are left untouched, and nothing new is created over them. Times are compared as instants, so a
 * week across a daylight-saving change matches as any other.
 */
import { instantToLocal } from '@iop/calendar';
import type { SessionType } from '@iop/domain-events';
import type { PlannedSession } from './series-plan';

/** A generated session of the track from the effective date on, as the read model holds it. */
export interface GeneratedSession {
  sessionId: string;
  type: SessionType;
  startsAt: string;
  endsAt: string;
  /** Attendance is recorded for someone on it. */
  attended: boolean;
}

export interface CurriculumReplan {
  /** Sessions left as they were: planned identically by the new version. */
  unchanged: string[];
  /** Sessions left untouched although the new version plans otherwise: begun, or attended. */
  held: string[];
  /** Sessions to cancel (nobody attended, not begun, not in the new version). */
  cancelled: string[];
  /** The new version's sessions to create. */
  created: PlannedSession[];
}

const overlaps = (a: { startsAt: string; endsAt: string }, b: { startsAt: string; endsAt: string }) =>
  Date.parse(a.startsAt) < Date.parse(b.endsAt) && Date.parse(b.startsAt) < Date.parse(a.endsAt);

const same = (s: GeneratedSession, p: PlannedSession) =>
  s.type === p.type && Date.parse(s.startsAt) === Date.parse(p.startsAt) && Date.parse(s.endsAt) === Date.parse(p.endsAt);

/**
 * `existing`: the track's scheduled generated sessions from the effective date on; `planned`: what the new version
 * plans over the same days; `now`: the command's time (a session that has begun is history).
 */
export function replanCurriculum(existing: readonly GeneratedSession[], planned: readonly PlannedSession[], now: string): CurriculumReplan {
  const begun = (s: { startsAt: string }) => Date.parse(s.startsAt) <= Date.parse(now);
  const inVersion = (s: GeneratedSession) => planned.some((p) => same(s, p));
  const unchanged = existing.filter(inVersion);
  const held = existing.filter((s) => !inVersion(s) && (s.attended || begun(s)));
  const cancelled = existing.filter((s) => !inVersion(s) && !held.includes(s));
  const created = planned.filter((p) => !begun(p) && !unchanged.some((s) => same(s, p)) && !held.some((s) => overlaps(s, p)));
  const ids = (sessions: readonly GeneratedSession[]) => sessions.map((s) => s.sessionId);
  return { unchanged: ids(unchanged), held: ids(held), cancelled: ids(cancelled), created };
}

/**
 * The new sessions an enrolled episode is given: those in its booking window (local dates, `until` exclusive), as
 * enrollment books the track's sessions. Its decider leaves out a full one or one at a time it is booked elsewhere.
 */
export function inBookingWindow<S extends { startsAt: string }>(created: readonly S[], window: { from: string; until: string }, timezone: string): S[] {
  return created.filter((c) => {
    const date = instantToLocal(c.startsAt, timezone).date;
    return date >= window.from && date < window.until;
  });
}
