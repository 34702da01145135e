import { SEVERITY_BANDS, type Instrument, type SeverityBand } from '../codes';
import { defineContract } from '../contract';
import { EXAMPLE_IDS as ids } from '../example-ids';
import { episodeId, instrument, patientId, scores } from '../fields';
import { boolean, code, dateTime, enumOf, uuid } from '../schema';

/** Scores, never answers: raw questionnaire responses stay in outcomes (docs/DOMAIN.md section 3). */
export type MeasureRecorded = {
  measureId: string;
  episodeId: string;
  patientId: string;
  instrument: Instrument;
  scores: Record<string, number>;
  band?: SeverityBand;
  safetyAlert: boolean;
  scoringVersion: string;
  administeredAt: string;
};

export const measureRecordedV1 = defineContract<MeasureRecorded>()({
  service: 'outcomes',
  name: 'MeasureRecorded',
  consentCategory: 'measures',
  version: 1,
  key: 'episodeId',
  description: 'A standardized measure was administered and scored (PHQ-9, GAD-7 or BAM).',
  required: [
    'measureId',
    'episodeId',
    'patientId',
    'instrument',
    'scores',
    'safetyAlert',
    'scoringVersion',
    'administeredAt',
  ],
  properties: {
    measureId: uuid('Measure.'),
    episodeId,
    patientId,
    instrument,
    scores,
    band: enumOf(SEVERITY_BANDS, 'Severity band of the total; absent for BAM, which has no total.'),
    safetyAlert: boolean('True when an answer requires a safety follow-up (PHQ-9 item 9 above 0).'),
    scoringVersion: code('Version of the scoring rules, e.g. `phq9-2001`, `bam-iop-7d-1`.'),
    administeredAt: dateTime('When the patient completed the measure.'),
  },
  example: {
    measureId: ids.measureId,
    episodeId: ids.episodeId,
    patientId: ids.patientId,
    instrument: 'PHQ-9',
    scores: { total: 11 },
    band: 'moderate',
    safetyAlert: false,
    scoringVersion: 'phq9-2001',
    administeredAt: '2025-03-10T18:10:00-04:00',
  },
});

export type SafetyAlertRaised = {
  measureId: string;
  episodeId: string;
  patientId: string;
  instrument: Instrument;
  reason: string;
  raisedAt: string;
};

export const safetyAlertRaisedV1 = defineContract<SafetyAlertRaised>()({
  service: 'outcomes',
  name: 'SafetyAlertRaised',
  consentCategory: 'measures',
  version: 1,
  key: 'episodeId',
  description: 'A measure\'s answers require a clinician\'s safety follow-up today.',
  required: ['measureId', 'episodeId', 'patientId', 'instrument', 'reason', 'raisedAt'],
  properties: {
    measureId: uuid('Measure that raised the alert.'),
    episodeId,
    patientId,
    instrument,
    reason: code('Rule that fired, as a code, e.g. `phq9-item9-positive`.'),
    raisedAt: dateTime('When the alert was raised.'),
  },
  example: {
    measureId: ids.measureId,
    episodeId: ids.episodeId,
    patientId: ids.patientId,
    instrument: 'PHQ-9',
    reason: 'phq9-item9-positive',
    raisedAt: '2025-03-10T18:10:01-04:00',
  },
});
