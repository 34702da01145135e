/** Events and commands for the referral decider specs (test-only). */
import { recommendPlacement, type DimensionalRatings } from '@iop/asam-criteria';
import type { CommandMetadata } from '@iop/decider';
import type { AssessmentRecorded, PatientReferred, ReferralAdmitted } from './referral.events';

export const metadata: CommandMetadata = {
  now: '2025-03-05T15:00:00.000Z', tenantId: 't1', actor: { subject: 'intake-1', roles: ['intake'] }, correlationId: 'c1',
};
export const ids = {
  referralId: '0b7d3c1e-1f2a-4b3c-8d4e-5f6a7b8c9d0e',
  patientId: '3f1c2a4e-8a1b-4c55-9d0e-0a9b8c7d6e5f',
  assessmentId: '6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d',
  episodeId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
};
/** Rated so that placement recommends 2.1 (intensive outpatient). */
export const IOP_RATINGS: DimensionalRatings = { d1: 0, d2: 1, d3: 2, d4: 2, d5: 3, d6: 2 };

export const referred: PatientReferred = {
  type: 'PatientReferred',
  data: { referralId: ids.referralId, patientId: ids.patientId, source: 'residential', referredAt: '2025-03-03T09:15:00-05:00' },
};

export const assessed = (ratings: DimensionalRatings = IOP_RATINGS): AssessmentRecorded => {
  const { level, decidingDimension, rules } = recommendPlacement(3, ratings);
  return {
    type: 'AssessmentRecorded',
    data: {
      assessmentId: ids.assessmentId, referralId: ids.referralId, patientId: ids.patientId, criteriaEdition: 3,
      ratings, recommendation: { level, decidingDimension, rules }, assessedAt: metadata.now,
    },
  };
};

export const admitted: ReferralAdmitted = {
  type: 'ReferralAdmitted',
  data: { referralId: ids.referralId, episodeId: ids.episodeId, levelOfCare: '2.1', recommendedLevel: '2.1', admittedAt: metadata.now },
};
