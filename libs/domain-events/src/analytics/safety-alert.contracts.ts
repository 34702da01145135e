import { SAFETY_SIGNALS, type SafetySignal } from '../clinical-notes/safety-alert.contracts';
import { defineContract } from '../contract';
import { EXAMPLE_IDS as ids } from '../example-ids';
import { enumOf, number } from '../schema';
import { DEIDENTIFIED, PSEUDONYM_FIELDS, pseudonyms, type Pseudonyms } from './deidentified';

export const SAFETY_ALERT_STAGES = ['acknowledged', 'resolved', 'escalated'] as const;

/** A safety alert's response time for analysts: minutes, never the instants, nor the alert's or the staff's ids. */
export type AnalyticsSafetyAlertTimed = Pseudonyms & {
  signal: SafetySignal;
  stage: (typeof SAFETY_ALERT_STAGES)[number];
  minutesFromOpening: number;
};

export const analyticsSafetyAlertTimedV1 = defineContract<AnalyticsSafetyAlertTimed>()({
  service: 'analytics',
  name: 'SafetyAlertTimed',
  version: 1,
  key: 'subjectKey',
  description:
    'De-identified SafetyAlertAcknowledged, SafetyAlertResolved or SafetyAlertEscalated: how long the program took ' +
    `to respond to a safety signal (time to acknowledge and to resolve are program metrics). ${DEIDENTIFIED}`,
  required: [...PSEUDONYM_FIELDS, 'signal', 'stage', 'minutesFromOpening'],
  properties: {
    ...pseudonyms,
    signal: enumOf(SAFETY_SIGNALS, 'What opened the alert.'),
    stage: enumOf(SAFETY_ALERT_STAGES, 'What happened: acknowledged, resolved, or escalated to the supervisor.'),
    minutesFromOpening: number('Minutes from the alert\'s opening to this stage (to a tenth of a minute).', { minimum: 0 }),
  },
  example: { subjectKey: ids.subjectKey, episodeKey: ids.episodeKey, keyVersion: 1, signal: 'phq9-item9-positive', stage: 'acknowledged', minutesFromOpening: 12 },
});
