import type { CriteriaEdition, DimensionKey, DimensionalRatings, LevelOfCare, PlacementRuleResult } from '@iop/asam-criteria';
import type { ReferralSource } from '@iop/domain-events';

/** Internal events of the referral stream: the referral, its ASAM assessments and how it ended. */
export type PatientReferred = {
  type: 'PatientReferred';
  data: { referralId: string; patientId: string; source: ReferralSource; referredAt: string };
};
export type ReferralWaitlisted = { type: 'ReferralWaitlisted'; data: { referralId: string; reason?: string; waitlistedAt: string } };
export type ReferralDeclined = { type: 'ReferralDeclined'; data: { referralId: string; reason: string; declinedAt: string } };
export type ReferralWithdrawn = { type: 'ReferralWithdrawn'; data: { referralId: string; reason: string; withdrawnAt: string } };

/**
 * The placement the rules suggested at the time, kept with the assessment: the thresholds table may change later,
 * and the admission's override is judged against what the clinician saw then.
 */
export type PlacementSuggestion = {
  level: LevelOfCare;
  decidingDimension: DimensionKey;
  rules: PlacementRuleResult[];
};

export type AssessmentRecorded = {
  type: 'AssessmentRecorded';
  data: {
    assessmentId: string;
    referralId: string;
    patientId: string;
    criteriaEdition: CriteriaEdition;
    ratings: DimensionalRatings;
    rationale?: Partial<Record<DimensionKey, string>>;
    recommendation: PlacementSuggestion;
    assessedAt: string;
  };
};

export type ReferralAdmitted = {
  type: 'ReferralAdmitted';
  data: {
    referralId: string;
    episodeId: string;
    levelOfCare: LevelOfCare;
    recommendedLevel: LevelOfCare;
    overrideReason?: string;
    admittedAt: string;
  };
};

export type ReferralEvent =
  | PatientReferred
  | ReferralWaitlisted
  | ReferralDeclined
  | ReferralWithdrawn
  | AssessmentRecorded
  | ReferralAdmitted;
