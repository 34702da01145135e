import { defineContract } from '../contract';
import { EXAMPLE_IDS as ids } from '../example-ids';
import { episodeId, locationId, patientId, staffId } from '../fields';
import { boolean, dateTime, enumOf, uuid } from '../schema';

/**
 * Safety alerts (docs/DOMAIN.md section 8): what raised one, who it went to, when it was acknowledged, resolved or
 * escalated. Ids, codes and times only: the resolution's summary stays in clinical-notes, as note text does.
 */
export const SAFETY_SIGNALS = ['phq9-item9-positive', 'crisis-high-risk', 'missed-session-positive-screen'] as const;
export type SafetySignal = (typeof SAFETY_SIGNALS)[number];
/** Whom an alert is routed to: the clinician on call at the signal's time, or (nobody on call) the supervisor role. */
export const SAFETY_ROUTES = ['on-call-clinician', 'supervisor'] as const;
export type SafetyRoute = (typeof SAFETY_ROUTES)[number];

const alertId = uuid('Safety alert; derived from the signal\'s event id, so a redelivered signal opens nothing new.');
const signal = enumOf(SAFETY_SIGNALS, 'What opened the alert: PHQ-9 item 9 above 0, a crisis note rated high or imminent, or an unexcused absence followed by a positive drug screen.');
const openedAt = dateTime('When the alert was opened (the start of its time to acknowledge and to resolve).');

export type SafetyAlertOpened = {
  alertId: string;
  episodeId: string;
  patientId: string;
  locationId?: string;
  signal: SafetySignal;
  signalAt: string;
  routedTo: SafetyRoute;
  routedToStaffId?: string;
  openedAt: string;
};

export const safetyAlertOpenedV1 = defineContract<SafetyAlertOpened>()({
  service: 'clinical-notes',
  name: 'SafetyAlertOpened',
  consentCategory: 'crisis',
  version: 1,
  key: 'episodeId',
  description:
    'A safety signal opened an alert for the episode (one open alert per episode and signal), routed to the ' +
    'clinician on call at the signal\'s time at the episode\'s location, or to the supervisor role when nobody was.',
  required: ['alertId', 'episodeId', 'patientId', 'signal', 'signalAt', 'routedTo', 'openedAt'],
  properties: {
    alertId,
    episodeId,
    patientId,
    locationId: { ...locationId, description: 'The episode\'s location, when clinical notes knows it (its roster routed the alert).' },
    signal,
    signalAt: dateTime('When the signal happened (the measure, the crisis note, the drug screen\'s collection).'),
    routedTo: enumOf(SAFETY_ROUTES, '`on-call-clinician` (then `routedToStaffId`) or `supervisor` when nobody was on call.'),
    routedToStaffId: { ...staffId, description: 'The clinician on call at the signal\'s time; absent when routed to the supervisor role.' },
    openedAt,
  },
  allOf: [{ if: { properties: { routedTo: { const: 'on-call-clinician' } } }, then: { required: ['routedToStaffId'] } }],
  example: {
    alertId: ids.alertId,
    episodeId: ids.episodeId,
    patientId: ids.patientId,
    locationId: ids.locationId,
    signal: 'phq9-item9-positive',
    signalAt: '2025-03-10T18:10:00-04:00',
    routedTo: 'on-call-clinician',
    routedToStaffId: 'auth0|dr-lee',
    openedAt: '2025-03-10T18:10:02-04:00',
  },
});

export type SafetyAlertAcknowledged = {
  alertId: string;
  episodeId: string;
  patientId: string;
  signal: SafetySignal;
  acknowledgedBy: string;
  openedAt: string;
  acknowledgedAt: string;
};

export const safetyAlertAcknowledgedV1 = defineContract<SafetyAlertAcknowledged>()({
  service: 'clinical-notes',
  name: 'SafetyAlertAcknowledged',
  consentCategory: 'crisis',
  version: 1,
  key: 'episodeId',
  description: 'A clinician acknowledged a safety alert: someone is on it (time to acknowledge is a program metric).',
  required: ['alertId', 'episodeId', 'patientId', 'signal', 'acknowledgedBy', 'openedAt', 'acknowledgedAt'],
  properties: {
    alertId,
    episodeId,
    patientId,
    signal,
    acknowledgedBy: { ...staffId, description: 'Staff member who acknowledged it.' },
    openedAt,
    acknowledgedAt: dateTime('When it was acknowledged.'),
  },
  example: {
    alertId: ids.alertId,
    episodeId: ids.episodeId,
    patientId: ids.patientId,
    signal: 'phq9-item9-positive',
    acknowledgedBy: 'auth0|dr-lee',
    openedAt: '2025-03-10T18:10:02-04:00',
    acknowledgedAt: '2025-03-10T18:22:00-04:00',
  },
});

export type SafetyAlertResolved = {
  alertId: string;
  episodeId: string;
  patientId: string;
  signal: SafetySignal;
  noteId?: string;
  summaryDocumented: boolean;
  resolvedBy: string;
  openedAt: string;
  resolvedAt: string;
};

export const safetyAlertResolvedV1 = defineContract<SafetyAlertResolved>()({
  service: 'clinical-notes',
  name: 'SafetyAlertResolved',
  consentCategory: 'crisis',
  version: 1,
  key: 'episodeId',
  description:
    'A safety alert was resolved with its documentation: a note (a crisis note, a safety plan) and/or a summary, ' +
    'which stays in clinical notes.',
  required: ['alertId', 'episodeId', 'patientId', 'signal', 'summaryDocumented', 'resolvedBy', 'openedAt', 'resolvedAt'],
  properties: {
    alertId,
    episodeId,
    patientId,
    signal,
    noteId: uuid('The note documenting the response (read it through the API), when one was given.'),
    summaryDocumented: boolean('True when a resolution summary was written (its text never leaves clinical notes).'),
    resolvedBy: { ...staffId, description: 'Staff member who resolved it.' },
    openedAt,
    resolvedAt: dateTime('When it was resolved.'),
  },
  example: {
    alertId: ids.alertId,
    episodeId: ids.episodeId,
    patientId: ids.patientId,
    signal: 'phq9-item9-positive',
    noteId: ids.noteId,
    summaryDocumented: true,
    resolvedBy: 'auth0|dr-lee',
    openedAt: '2025-03-10T18:10:02-04:00',
    resolvedAt: '2025-03-10T19:05:00-04:00',
  },
});

export type SafetyAlertEscalated = {
  alertId: string;
  episodeId: string;
  patientId: string;
  signal: SafetySignal;
  escalatedTo: 'supervisor';
  openedAt: string;
  escalatedAt: string;
};

export const safetyAlertEscalatedV1 = defineContract<SafetyAlertEscalated>()({
  service: 'clinical-notes',
  name: 'SafetyAlertEscalated',
  consentCategory: 'crisis',
  version: 1,
  key: 'episodeId',
  description: 'A safety alert stayed unacknowledged past the clinic\'s escalation time and went to the supervisor role.',
  required: ['alertId', 'episodeId', 'patientId', 'signal', 'escalatedTo', 'openedAt', 'escalatedAt'],
  properties: {
    alertId,
    episodeId,
    patientId,
    signal,
    escalatedTo: enumOf(['supervisor'], 'Role the alert escalated to.'),
    openedAt,
    escalatedAt: dateTime('When it escalated.'),
  },
  example: {
    alertId: ids.alertId,
    episodeId: ids.episodeId,
    patientId: ids.patientId,
    signal: 'crisis-high-risk',
    escalatedTo: 'supervisor',
    openedAt: '2025-03-20T22:05:02-04:00',
    escalatedAt: '2025-03-20T22:35:02-04:00',
  },
});
