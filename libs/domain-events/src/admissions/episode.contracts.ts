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
import { ageBand, asamLevel, episodeId, locationId, patientId, track } from '../fields';
import { boolean, date, dateTime, enumOf, uuid } from '../schema';

export type PatientAdmitted = {
  episodeId: string;
  patientId: string;
  referralId: string;
  displayName: string;
  ageBand: string;
  locationId: string;
  track: Track;
  levelOfCare: AsamLevel;
  startDate: string;
  plannedEndDate: string;
  referralSource: ReferralSource;
  referredAt: string;
  admittedAt: string;
  recommendedLevel: AsamLevel;
  levelOverridden: boolean;
};

export const patientAdmittedV1 = defineContract<PatientAdmitted>()({
  service: 'admissions',
  name: 'PatientAdmitted',
  consentCategory: 'admission',
  version: 1,
  key: 'episodeId',
  description:
    'An episode of care began: the patient was admitted to a track at a location. Scheduling enrols the episode ' +
    'into sessions; clinical-notes and outcomes open their records. The clinician\'s override reason is not ' +
    'carried, only whether the placement differs from the ASAM recommendation.',
  required: [
    'episodeId',
    'patientId',
    'referralId',
    'displayName',
    'ageBand',
    'locationId',
    'track',
    'levelOfCare',
    'startDate',
    'plannedEndDate',
    'referralSource',
    'referredAt',
    'admittedAt',
    'recommendedLevel',
    'levelOverridden',
  ],
  properties: {
    episodeId,
    patientId,
    referralId: uuid('Referral the admission came from.'),
    displayName: {
      type: 'string',
      minLength: 1,
      maxLength: 80,
      description:
        'PHI. Name shown on session rosters (e.g. first name and last initial); scheduling needs it. Webhooks strip ' +
        'it before delivery and it is never copied to the analytics stream.',
    },
    ageBand,
    locationId,
    track,
    levelOfCare: asamLevel('Level of care admitted to (IOP is 2.1).'),
    startDate: date('First program day.'),
    plannedEndDate: date('Planned end (a default of start + 8 weeks, not a rule: reassessment decides).'),
    referralSource: enumOf(REFERRAL_SOURCES, 'Source of the referral that led to this admission.'),
    referredAt: dateTime('When the referral was received (time from referral to admission is a program metric).'),
    admittedAt: dateTime('When the admission was recorded.'),
    recommendedLevel: asamLevel('Level recommended by the ASAM placement rules.'),
    levelOverridden: boolean('True when the clinician placed the patient at a level other than the recommended one.'),
  },
  example: {
    episodeId: ids.episodeId,
    patientId: ids.patientId,
    referralId: ids.referralId,
    displayName: 'Alex R.',
    ageBand: '30-34',
    locationId: ids.locationId,
    track: 'evening',
    levelOfCare: '2.1',
    startDate: '2025-03-10',
    plannedEndDate: '2025-05-05',
    referralSource: 'residential',
    referredAt: '2025-03-03T09:15:00-05:00',
    admittedAt: '2025-03-07T14:02:11-05:00',
    recommendedLevel: '2.1',
    levelOverridden: false,
  },
});

export type LevelOfCareChanged = {
  episodeId: string;
  patientId: string;
  fromLevel: AsamLevel;
  toLevel: AsamLevel;
  changedAt: string;
};

export const levelOfCareChangedV1 = defineContract<LevelOfCareChanged>()({
  service: 'admissions',
  name: 'LevelOfCareChanged',
  consentCategory: 'level-of-care',
  version: 1,
  key: 'episodeId',
  description: 'The episode moved to another ASAM level of care within the program (a clinician\'s decision).',
  required: ['episodeId', 'patientId', 'fromLevel', 'toLevel', 'changedAt'],
  properties: {
    episodeId,
    patientId,
    fromLevel: asamLevel('Previous level.'),
    toLevel: asamLevel('New level.'),
    changedAt: dateTime('When the change took effect.'),
  },
  example: {
    episodeId: ids.episodeId,
    patientId: ids.patientId,
    fromLevel: '2.1',
    toLevel: '2.5',
    changedAt: '2025-04-01T10:00:00-04:00',
  },
});

export type PatientDischarged = {
  episodeId: string;
  patientId: string;
  locationId: string;
  track: Track;
  reason: DischargeReason;
  startDate: string;
  dischargedAt: string;
  joinAlumni: boolean;
};

export const patientDischargedV1 = defineContract<PatientDischarged>()({
  service: 'admissions',
  name: 'PatientDischarged',
  consentCategory: 'discharge',
  version: 1,
  key: 'episodeId',
  description:
    'The episode ended. Scheduling releases bookings, outcomes schedules follow-ups. The discharge summary text ' +
    'stays in clinical-notes.',
  required: ['episodeId', 'patientId', 'locationId', 'track', 'reason', 'startDate', 'dischargedAt', 'joinAlumni'],
  properties: {
    episodeId,
    patientId,
    locationId,
    track,
    reason: enumOf(DISCHARGE_REASONS, 'Why the episode ended (`completed` and `step-down` count as completion).'),
    startDate: date('First program day of the episode (for length of stay).'),
    dischargedAt: dateTime('When the patient was discharged.'),
    joinAlumni: boolean('True when the patient joins the alumni track (AlumniEnrolled follows).'),
  },
  example: {
    episodeId: ids.episodeId,
    patientId: ids.patientId,
    locationId: ids.locationId,
    track: 'evening',
    reason: 'completed',
    startDate: '2025-03-10',
    dischargedAt: '2025-05-02T20:30:00-04:00',
    joinAlumni: true,
  },
});

export type EpisodeCancelled = {
  episodeId: string;
  patientId: string;
  cancelledAt: string;
};

export const episodeCancelledV1 = defineContract<EpisodeCancelled>()({
  service: 'admissions',
  name: 'EpisodeCancelled',
  consentCategory: 'admission',
  version: 1,
  key: 'episodeId',
  description:
    'A planned episode was cancelled before its first program day (an admission entered by mistake, or a patient ' +
    'who never started): it never took place. Scheduling releases its seats and waitlist places; outcomes stops ' +
    'counting it as an admission and schedules nothing for it. The reason, free text, stays in admissions.',
  required: ['episodeId', 'patientId', 'cancelledAt'],
  properties: {
    episodeId,
    patientId,
    cancelledAt: dateTime('When the cancellation was recorded.'),
  },
  example: {
    episodeId: ids.episodeId,
    patientId: ids.patientId,
    cancelledAt: '2025-03-08T11:20:00-05:00',
  },
});
