import type { AttendanceStatus, DischargeReason, SessionType, Track } from '@iop/domain-events';
import type { HoursRule } from '../program/program-rules';

/** A seat in a session, with the session's times so the episode's plan and weeks need no other stream. */
export interface Booking {
  sessionId: string;
  type: SessionType;
  startsAt: string;
  endsAt: string;
  noCharge?: true;
}

/**
 * Places (seats or waitlist places) as columns: session `sessionIds[i]` starts at `startsAt[i]` and is of kind
 * `kinds[kind[i]]`, its end `minutes` later. The same facts as a list of bookings in under half the bytes: a stay
 * books some 64 sessions of two or three kinds, and every enrollment's event is stored, read back by the publisher
 * and parsed on the way.
 */
export interface PlaceList {
  kinds: Array<{ type: SessionType; minutes: number; noCharge?: true }>;
  sessionIds: string[];
  startsAt: string[];
  kind: number[];
}

/**
 * Schema v2 (current). v1 listed `bookings` and `waitlisted` as `Booking[]` (10.2 kB for a stay of 64 sessions,
 * 5.0 kB now); stored v1 events are upcast on read (`enrollment.upcasters.ts`).
 */
export type EpisodeEnrolled = {
  type: 'EpisodeEnrolled';
  data: {
    episodeId: string;
    patientId: string;
    /** PHI for rosters (from PatientAdmitted); never published by scheduling. */
    displayName: string;
    ageBand: string;
    locationId: string;
    track: Track;
    /** The location's zone: the episode's days and weeks are local to it. */
    timezone: string;
    startDate: string;
    plannedEndDate: string;
    rule: HoursRule;
    bookings: PlaceList;
    /** Full groups: no seat, never overbooked. */
    waitlisted: PlaceList;
    weeklyHoursPlanned: number;
    enrolledAt: string;
  };
};

export type SessionBooked = { type: 'SessionBooked'; data: { episodeId: string; booking: Booking; fromWaitlist?: true; bookedAt: string } };

export type EpisodeDischarged = { type: 'EpisodeDischarged'; data: { episodeId: string; reason: DischargeReason; dischargedAt: string } };

/** Admissions cancelled the episode before its first program day: it never took place (EpisodeCancelled). */
export type EnrollmentCancelled = { type: 'EnrollmentCancelled'; data: { episodeId: string; cancelledAt: string } };

export type BookingsCancelled = {
  type: 'BookingsCancelled';
  data: {
    episodeId: string; sessionIds: string[]; waitlistSessionIds: string[]; reason: 'discharged' | 'episode-cancelled' | 'session-cancelled' | 'alumni-left';
    cancelledAt: string;
  };
};

export type AlumniJoined = {
  type: 'AlumniJoined';
  data: {
    episodeId: string; patientId: string; displayName: string; locationId: string; track: Track; timezone: string;
    bookings: Booking[]; waitlisted: Booking[]; joinedAt: string;
  };
};

/** The weekly extension of an alumnus' booking: the coming weeks' alumni groups (never booked far ahead). */
export type AlumniWeekBooked = {
  type: 'AlumniWeekBooked';
  data: { episodeId: string; bookings: Booking[]; waitlisted: Booking[]; bookedAt: string };
};

/** The alumni program ended for the episode: they left it (`left`), or missed `missedInARow` sessions in a row. */
export type AlumniLeft = {
  type: 'AlumniLeft';
  data: { episodeId: string; reason: 'left' | 'stopped-coming'; missedInARow?: number; leftAt: string };
};

export type AttendanceRecorded = {
  type: 'AttendanceRecorded';
  data: {
    sessionId: string; episodeId: string; patientId: string; locationId: string; sessionType: SessionType;
    status: AttendanceStatus; minutesAttended: number; sessionStartsAt: string; recordedAt: string;
  };
};

/** Absence follow-up after a no-show (docs/DOMAIN.md section 6). */
export type OutreachTaskOpened = {
  type: 'OutreachTaskOpened';
  data: { taskId: string; episodeId: string; patientId: string; locationId: string; sessionId: string; reason: 'no-show'; openedAt: string };
};

/** What came of an absence follow-up (codes only: what was said stays in the clinical record, not here). */
export const OUTREACH_OUTCOMES = ['reached', 'message-left', 'unreachable', 'returned-to-program'] as const;
export type OutreachOutcome = (typeof OUTREACH_OUTCOMES)[number];

export type OutreachTaskClosed = {
  type: 'OutreachTaskClosed';
  data: { taskId: string; episodeId: string; patientId: string; sessionId: string; outcome: OutreachOutcome; closedAt: string };
};

export type WeekSummarized = {
  type: 'WeekSummarized';
  data: {
    episodeId: string; patientId: string; locationId: string; weekStart: string; hoursAttended: number; daysAttended: number;
    daysWithMinimumHours: number; compliant: boolean; rule: HoursRule; summarizedAt: string;
  };
};

export type AttendanceRuleBreached = {
  type: 'AttendanceRuleBreached';
  data: {
    episodeId: string; patientId: string; locationId: string; weekStart: string; hoursAttended: number; requiredHours: number;
    rule: 'program-hours' | 'asam-minimum'; breachedAt: string;
  };
};

export type EnrollmentEvent =
  | EpisodeEnrolled | SessionBooked | EpisodeDischarged | EnrollmentCancelled | BookingsCancelled | AlumniJoined | AlumniWeekBooked | AlumniLeft
  | AttendanceRecorded | OutreachTaskOpened | OutreachTaskClosed | WeekSummarized | AttendanceRuleBreached;
