import { formatInZone } from '@iop/calendar';
import { WAITLISTED_COUNT } from './places';

/** Columns of a session as the API shows it; `l` is the session's location (its zone formats the times). */
export const SESSION_SELECT = `
  s.session_id, s.location_id, s.track, s.type, s.series, s.starts_at, s.ends_at, s.facilitator_role, s.staff_id, s.room,
  s.virtual_link, s.capacity, s.booked, s.no_charge, s.status, s.cancel_reason, s.plan_id, s.plan_version, l.timezone,
  ${WAITLISTED_COUNT} AS waitlisted
  FROM sessions s JOIN locations l ON l.location_id = s.location_id`;

export interface SessionView {
  sessionId: string;
  locationId: string;
  track: string | null;
  type: string;
  series: string | null;
  startsAt: string;
  endsAt: string;
  facilitator: { role: string; staffId?: string };
  room: string | null;
  virtualLink: string | null;
  capacity: number;
  booked: number;
  waitlisted: number;
  noCharge: boolean;
  status: string;
  cancelReason?: string;
  /** The treatment plan version that booked it (plan-driven individual care); null for the rest. */
  plan: { planId: string; version: number } | null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a pg row of SESSION_SELECT
export function toSessionView(r: any): SessionView {
  return {
    sessionId: r.session_id, locationId: r.location_id, track: r.track, type: r.type, series: r.series,
    startsAt: formatInZone(r.starts_at, r.timezone), endsAt: formatInZone(r.ends_at, r.timezone),
    facilitator: { role: r.facilitator_role, ...(r.staff_id ? { staffId: r.staff_id } : {}) }, room: r.room, virtualLink: r.virtual_link,
    capacity: r.capacity, booked: r.booked, waitlisted: r.waitlisted, noCharge: r.no_charge, status: r.status,
    ...(r.cancel_reason ? { cancelReason: r.cancel_reason } : {}), plan: r.plan_id ? { planId: r.plan_id, version: r.plan_version } : null,
  };
}
