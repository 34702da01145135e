import type { AttendanceStatus, DischargeReason, SessionType } from '@iop/domain-events';
import type { CriteriaEdition, DimensionalRatings, DimensionKey } from '@iop/asam-criteria';

/**
 * The chart is this service's view of an episode of care: opened by admissions' PatientAdmitted, told about
 * attended sessions by scheduling, closed by PatientDischarged. Notes and plans may only be written for an open
 * (or, for late notes, closed) chart that this service has heard of.
 */
export type ChartOpened = {
  type: 'ChartOpened';
  data: { episodeId: string; patientId: string; startDate: string; admittedAt: string };
};

/** Scheduling recorded (or corrected) attendance; a later record for the same session replaces the earlier one. */
export type SessionAttendanceNoted = {
  type: 'SessionAttendanceNoted';
  data: {
    episodeId: string;
    patientId: string;
    sessionId: string;
    sessionType: SessionType;
    status: AttendanceStatus;
    sessionStartsAt: string;
    recordedAt: string;
  };
};

export type ChartClosed = {
  type: 'ChartClosed';
  data: { episodeId: string; patientId: string; reason: DischargeReason; dischargedAt: string };
};

/** The clinician answerable for the episode's documentation (whose missing notes list shows its sessions). */
export type PrimaryClinicianAssigned = {
  type: 'PrimaryClinicianAssigned';
  data: { episodeId: string; clinician: string; assignedAt: string };
};

/** The rationale is clinical text: kept here, never published (DimensionalReassessmentRecorded carries ratings). */
export type ReassessmentRecorded = {
  type: 'ReassessmentRecorded';
  data: {
    reassessmentId: string;
    episodeId: string;
    patientId: string;
    criteriaEdition: CriteriaEdition;
    ratings: DimensionalRatings;
    rationale?: Partial<Record<DimensionKey, string>>;
    recordedBy: string;
    recordedAt: string;
  };
};

export type ChartEvent = ChartOpened | SessionAttendanceNoted | ChartClosed | PrimaryClinicianAssigned | ReassessmentRecorded;
