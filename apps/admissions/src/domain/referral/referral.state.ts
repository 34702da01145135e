import type { CriteriaEdition, DimensionalRatings, LevelOfCare } from '@iop/asam-criteria';
import { assertNever } from '@iop/decider';
import type { ReferralSource } from '@iop/domain-events';
import type { ReferralEvent } from './referral.events';

export type ReferralFacts = { referralId: string; patientId: string; source: ReferralSource; referredAt: string };
export type LatestAssessment = { assessmentId: string; criteriaEdition: CriteriaEdition; ratings: DimensionalRatings; level: LevelOfCare };

/** `open` and `waitlisted` can still be assessed, admitted, declined or withdrawn; the others are final. */
export type ActiveReferral = { status: 'open' | 'waitlisted'; referral: ReferralFacts; assessment?: LatestAssessment };
export type ReferralState =
  | { status: 'none' }
  | ActiveReferral
  | { status: 'declined' | 'withdrawn'; referral: ReferralFacts; assessment?: LatestAssessment }
  | { status: 'admitted'; referral: ReferralFacts; assessment?: LatestAssessment; episodeId: string };

export const initialState = (): ReferralState => ({ status: 'none' });

export const isPending = (s: ReferralState): s is ActiveReferral => s.status === 'open' || s.status === 'waitlisted';

export function evolve(state: ReferralState, event: ReferralEvent): ReferralState {
  if (event.type === 'PatientReferred') return { status: 'open', referral: { ...event.data } };
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'ReferralWaitlisted':
      return { ...state, status: 'waitlisted' };
    case 'ReferralDeclined':
      return { ...state, status: 'declined' };
    case 'ReferralWithdrawn':
      return { ...state, status: 'withdrawn' };
    case 'AssessmentRecorded': {
      const { assessmentId, criteriaEdition, ratings, recommendation } = event.data;
      return { ...state, assessment: { assessmentId, criteriaEdition, ratings, level: recommendation.level } };
    }
    case 'ReferralAdmitted':
      return { status: 'admitted', referral: state.referral, assessment: state.assessment, episodeId: event.data.episodeId };
    default:
      return assertNever(event);
  }
}
