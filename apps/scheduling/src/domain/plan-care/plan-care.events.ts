import type { CareStaffRole, PlanService } from '@iop/domain-events';

/** A session a treatment plan booked for the episode; `key` is its care and time (care-slots.ts), the same across versions. */
export interface PlanSession {
  sessionId: string;
  key: string;
  service: PlanService;
  staffId: string;
  staffRole: CareStaffRole;
  startsAt: string;
  endsAt: string;
}

/**
 * A signed plan version's care applied from `effectiveFrom`: sessions booked, the previous versions' later sessions
 * it no longer orders cancelled, and the weeks no free slot was found. Internal: scheduling publishes the sessions
 * themselves (SessionScheduled, SessionCancelled).
 */
export type PlanCareApplied = {
  type: 'PlanCareApplied';
  data: {
    episodeId: string; planId: string; version: number; effectiveFrom: string; booked: PlanSession[]; cancelled: string[];
    unplaced: Array<{ service: PlanService; weekStart: string }>; appliedAt: string;
  };
};

/** The episode ended (discharge, cancellation): the plan's sessions after that instant are cancelled. */
export type PlanCareStopped = {
  type: 'PlanCareStopped';
  data: { episodeId: string; reason: 'discharged' | 'episode-cancelled'; at: string; cancelled: string[]; stoppedAt: string };
};

export type PlanCareEvent = PlanCareApplied | PlanCareStopped;
