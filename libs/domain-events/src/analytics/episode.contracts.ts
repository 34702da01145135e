import {
  DISCHARGE_REASONS,
  REFERRAL_SOURCES,
  type AsamLevel,
  type DischargeReason,
  type ReferralSource,
  type Track,
} from '../codes';
import { defineContract } from '../contract';
import { EXAMPLE_IDS as ids } from '../example-ids';
import { ageBand, asamLevel, locationId, track } from '../fields';
import { boolean, enumOf, integer } from '../schema';
import { DEIDENTIFIED, month, PSEUDONYM_FIELDS, pseudonyms, type Pseudonyms } from './deidentified';

const example = { subjectKey: ids.subjectKey, episodeKey: ids.episodeKey, keyVersion: 1 };

export type AnalyticsEpisodeStarted = Pseudonyms & {
  locationId: string;
  track: Track;
  ageBand: string;
  levelOfCare: AsamLevel;
  recommendedLevel: AsamLevel;
  levelOverridden: boolean;
  referralSource: ReferralSource;
  admittedMonth: string;
  daysFromReferral: number;
};

export const analyticsEpisodeStartedV1 = defineContract<AnalyticsEpisodeStarted>()({
  service: 'analytics',
  name: 'EpisodeStarted',
  version: 1,
  key: 'subjectKey',
  description: `De-identified PatientAdmitted. ${DEIDENTIFIED}`,
  required: [
    ...PSEUDONYM_FIELDS,
    'locationId',
    'track',
    'ageBand',
    'levelOfCare',
    'recommendedLevel',
    'levelOverridden',
    'referralSource',
    'admittedMonth',
    'daysFromReferral',
  ],
  properties: {
    ...pseudonyms,
    locationId: { ...locationId, description: 'Pseudonymous program site: a uuid derived under the tenant\'s analytics key, stable per site, never the location id other topics carry (the clinic site, not where the patient lives).' },
    track,
    ageBand,
    levelOfCare: asamLevel('Level of care admitted to.'),
    recommendedLevel: asamLevel('Level recommended by the ASAM placement rules.'),
    levelOverridden: boolean('True when the clinician placed the patient at another level than recommended.'),
    referralSource: enumOf(REFERRAL_SOURCES, 'Source of the referral.'),
    admittedMonth: month('Month of admission.'),
    daysFromReferral: integer('Whole days from referral to admission.', { minimum: 0 }),
  },
  example: {
    ...example,
    locationId: ids.locationId,
    track: 'evening',
    ageBand: '30-34',
    levelOfCare: '2.1',
    recommendedLevel: '2.1',
    levelOverridden: false,
    referralSource: 'residential',
    admittedMonth: '2025-03',
    daysFromReferral: 4,
  },
});

export type AnalyticsEpisodeEnded = Pseudonyms & {
  locationId: string;
  reason: DischargeReason;
  lengthOfStayDays: number;
  dischargedMonth: string;
  joinAlumni: boolean;
};

export const analyticsEpisodeEndedV1 = defineContract<AnalyticsEpisodeEnded>()({
  service: 'analytics',
  name: 'EpisodeEnded',
  version: 1,
  key: 'subjectKey',
  description: `De-identified PatientDischarged. ${DEIDENTIFIED}`,
  required: [...PSEUDONYM_FIELDS, 'locationId', 'reason', 'lengthOfStayDays', 'dischargedMonth', 'joinAlumni'],
  properties: {
    ...pseudonyms,
    locationId: { ...locationId, description: 'Pseudonymous program site: a uuid derived under the tenant\'s analytics key, stable per site, never the location id other topics carry (the clinic site, not where the patient lives).' },
    reason: enumOf(DISCHARGE_REASONS, 'Why the episode ended (`completed` and `step-down` count as completion).'),
    lengthOfStayDays: integer('Whole days from the first program day to discharge.', { minimum: 0 }),
    dischargedMonth: month('Month of discharge.'),
    joinAlumni: boolean('True when the patient joined the alumni track.'),
  },
  example: {
    ...example,
    locationId: ids.locationId,
    reason: 'completed',
    lengthOfStayDays: 53,
    dischargedMonth: '2025-05',
    joinAlumni: true,
  },
});

export type AnalyticsEpisodeCancelled = Pseudonyms & { cancelledMonth: string };

export const analyticsEpisodeCancelledV1 = defineContract<AnalyticsEpisodeCancelled>()({
  service: 'analytics',
  name: 'EpisodeCancelled',
  version: 1,
  key: 'subjectKey',
  description:
    'De-identified EpisodeCancelled: the episode of this `episodeKey` was cancelled before its first program day and ' +
    `never took place. Its EpisodeStarted no longer counts (admissions, retention, length of stay). ${DEIDENTIFIED}`,
  required: [...PSEUDONYM_FIELDS, 'cancelledMonth'],
  properties: {
    ...pseudonyms,
    cancelledMonth: month('Month of the cancellation.'),
  },
  example: { ...example, cancelledMonth: '2025-03' },
});
