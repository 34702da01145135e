import type { CANCELLATION_REASONS, FACILITATOR_ROLES, SessionType, Track } from '@iop/domain-events';
import type { SeriesKind } from '../location/series-plan';

export type FacilitatorRole = (typeof FACILITATOR_ROLES)[number];
export type CancellationReason = (typeof CANCELLATION_REASONS)[number];

export interface Facilitator {
  role: FacilitatorRole;
  /** Staff id from the identity provider; staff names stay out of events. */
  staffId?: string;
}

export type SessionScheduled = {
  type: 'SessionScheduled';
  data: {
    sessionId: string;
    locationId: string;
    track?: Track;
    type: SessionType;
    startsAt: string;
    endsAt: string;
    facilitator: Facilitator;
    room?: string;
    virtualLink?: string;
    capacity: number;
    noCharge?: true;
    /** Generated from the location's blocks (absent for one-off sessions). */
    series?: SeriesKind;
    /** Booked for a treatment plan's care (docs/DOMAIN.md section 9): the plan and the version that ordered it. */
    plan?: { planId: string; version: number };
  };
};

export type SessionCancelled = {
  type: 'SessionCancelled';
  data: { sessionId: string; locationId: string; reason: CancellationReason; cancelledAt: string };
};

export type SessionEvent = SessionScheduled | SessionCancelled;
