import { alumniEnrolledV1 } from './alumni.contracts';
import { careTeamChangedV1 } from './care-team.contracts';
import { consentGrantedV1, consentRevokedV1 } from './consent.contracts';
import { continuedStayReviewedV1 } from './continued-stay.contracts';
import { diagnosisRecordedV1, diagnosisRemovedV1, diagnosisResolvedV1 } from './diagnosis.contracts';
import { episodeCancelledV1, levelOfCareChangedV1, patientAdmittedV1, patientDischargedV1 } from './episode.contracts';
import { patientReferredV1 } from './referral.contracts';

export * from './alumni.contracts';
export * from './care-team.contracts';
export * from './consent.contracts';
export * from './continued-stay.contracts';
export * from './diagnosis.contracts';
export * from './episode.contracts';
export * from './referral.contracts';

export const ADMISSIONS_CONTRACTS = [
  patientReferredV1,
  patientAdmittedV1,
  levelOfCareChangedV1,
  continuedStayReviewedV1,
  patientDischargedV1,
  episodeCancelledV1,
  careTeamChangedV1,
  alumniEnrolledV1,
  diagnosisRecordedV1,
  diagnosisResolvedV1,
  diagnosisRemovedV1,
  consentGrantedV1,
  consentRevokedV1,
] as const;
