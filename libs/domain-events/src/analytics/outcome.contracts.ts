import { SEVERITY_BANDS, type Instrument, type SeverityBand } from '../codes';
import { defineContract } from '../contract';
import { EXAMPLE_IDS as ids } from '../example-ids';
import { instrument, scores } from '../fields';
import { boolean, code, enumOf, integer } from '../schema';
import { DEIDENTIFIED, PSEUDONYM_FIELDS, pseudonyms, type Pseudonyms } from './deidentified';

const example = { subjectKey: ids.subjectKey, episodeKey: ids.episodeKey, keyVersion: 1 };

export type AnalyticsMeasureRecorded = Pseudonyms & {
  instrument: Instrument;
  scores: Record<string, number>;
  band?: SeverityBand;
  safetyAlert: boolean;
  scoringVersion: string;
  daysSinceStart: number;
};

export const analyticsMeasureRecordedV1 = defineContract<AnalyticsMeasureRecorded>()({
  service: 'analytics',
  name: 'MeasureRecorded',
  version: 1,
  key: 'subjectKey',
  description: `De-identified outcomes MeasureRecorded (PHQ-9/GAD-7 change, BAM subscales). ${DEIDENTIFIED}`,
  required: [...PSEUDONYM_FIELDS, 'instrument', 'scores', 'safetyAlert', 'scoringVersion', 'daysSinceStart'],
  properties: {
    ...pseudonyms,
    instrument,
    scores,
    band: enumOf(SEVERITY_BANDS, 'Severity band of the total; absent for BAM.'),
    safetyAlert: boolean('True when an answer required a safety follow-up.'),
    scoringVersion: code('Version of the scoring rules.'),
    daysSinceStart: integer('Whole days from the first program day to administration (0 = admission day).', {
      minimum: 0,
    }),
  },
  example: {
    ...example,
    instrument: 'PHQ-9',
    scores: { total: 11 },
    band: 'moderate',
    safetyAlert: false,
    scoringVersion: 'phq9-2001',
    daysSinceStart: 0,
  },
});

export type AnalyticsFollowUpOutcome = Pseudonyms & {
  sequence: number;
  offsetDays: number;
  status: 'completed' | 'lost';
  abstinent?: boolean;
  withinWindow?: boolean;
};

export const analyticsFollowUpOutcomeV1 = defineContract<AnalyticsFollowUpOutcome>()({
  service: 'analytics',
  name: 'FollowUpOutcome',
  version: 1,
  key: 'subjectKey',
  description:
    'De-identified FollowUpCompleted or FollowUpLost: abstinence at first follow-up is the program\'s headline ' +
    `metric. ${DEIDENTIFIED}`,
  required: [...PSEUDONYM_FIELDS, 'sequence', 'offsetDays', 'status'],
  properties: {
    ...pseudonyms,
    sequence: integer('Position among the episode\'s follow-ups, 1 for the first scheduled.', { minimum: 1 }),
    offsetDays: integer('Days after discharge the follow-up was due (30, 90, 180 by default).', { minimum: 1 }),
    status: enumOf(['completed', 'lost'], 'Whether the patient was reached or lost to follow-up.'),
    abstinent: boolean('Self-reported abstinence; required when `status` is `completed`.'),
    withinWindow: boolean('True when the contact fell inside the window; required when `status` is `completed`.'),
  },
  allOf: [
    {
      if: { properties: { status: { const: 'completed' } } },
      then: { required: ['abstinent', 'withinWindow'] },
    },
  ],
  example: { ...example, sequence: 1, offsetDays: 30, status: 'completed', abstinent: true, withinWindow: true },
});
