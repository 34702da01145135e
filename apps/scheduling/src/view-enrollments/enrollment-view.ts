import { formatInZone } from '@iop/calendar';
import type { SessionType } from '@iop/domain-events';
import { planMeetsRule } from '../domain/enrollment/enrollment-plan';

export interface EnrollmentBookingRow {
  session_id: string;
  type: SessionType;
  starts_at: Date;
  ends_at: Date;
  no_charge: boolean;
  status: 'booked' | 'waitlisted';
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a pg row of the enrollments table
type EnrollmentRow = any;

/**
 * `GET /v1/enrollments/{episodeId}`: the journey's contract (episodeId, locationId, track, weeklyHoursPlanned,
 * bookings) plus the waitlist and whether the booked plan meets the program rule in every full week.
 */
export function toEnrollmentView(episodeId: string, e: EnrollmentRow, rows: readonly EnrollmentBookingRow[]) {
  const view = (b: EnrollmentBookingRow) => ({
    sessionId: b.session_id, type: b.type, startsAt: formatInZone(b.starts_at, e.timezone), endsAt: formatInZone(b.ends_at, e.timezone),
    ...(b.no_charge ? { noCharge: true as const } : {}),
  });
  const bookings = rows.filter((b) => b.status === 'booked').map(view);
  const rule = { minHoursPerDay: Number(e.min_hours_per_day), minDaysPerWeek: e.min_days_per_week };
  const program = bookings.filter((b) => !b.noCharge);
  return {
    episodeId, patientId: e.patient_id, locationId: e.location_id, track: e.track, status: e.status, timezone: e.timezone,
    startDate: e.start_date, plannedEndDate: e.planned_end_date, weeklyHoursPlanned: Number(e.weekly_hours_planned),
    meetsProgramRule: e.start_date !== null && planMeetsRule(program, e.timezone, e.start_date, e.planned_end_date, rule),
    bookings, waitlisted: rows.filter((b) => b.status === 'waitlisted').map(view),
  };
}
