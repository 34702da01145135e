import type { SafetyRoute, SafetySignal } from '@iop/domain-events';

/**
 * An episode's safety alerts (docs/DOMAIN.md section 8), one stream per episode: a signal opens an alert routed to the
 * clinician on call (or the supervisor role), a clinician acknowledges it, then resolves it with its documentation;
 * left unacknowledged past the clinic's time, it escalates to the supervisor.
 */
export type SafetyAlertOpened = {
  type: 'SafetyAlertOpened';
  data: {
    alertId: string;
    episodeId: string;
    patientId: string;
    locationId?: string;
    signal: SafetySignal;
    /** The event that carried the signal (measure, crisis note, drug screen), for the worklist's link. */
    sourceId: string;
    signalAt: string;
    routedTo: SafetyRoute;
    routedToStaffId?: string;
    openedAt: string;
  };
};

export type SafetyAlertAcknowledged = {
  type: 'SafetyAlertAcknowledged';
  data: { alertId: string; episodeId: string; patientId: string; signal: SafetySignal; acknowledgedBy: string; openedAt: string; acknowledgedAt: string };
};

/** The summary is clinical text: kept here, never published (SafetyAlertResolved says whether there is one). */
export type SafetyAlertResolved = {
  type: 'SafetyAlertResolved';
  data: {
    alertId: string; episodeId: string; patientId: string; signal: SafetySignal; noteId?: string; summary?: string;
    resolvedBy: string; openedAt: string; resolvedAt: string;
  };
};

export type SafetyAlertEscalated = {
  type: 'SafetyAlertEscalated';
  data: { alertId: string; episodeId: string; patientId: string; signal: SafetySignal; escalatedTo: 'supervisor'; openedAt: string; escalatedAt: string };
};

export type SafetyAlertEvent = SafetyAlertOpened | SafetyAlertAcknowledged | SafetyAlertResolved | SafetyAlertEscalated;
