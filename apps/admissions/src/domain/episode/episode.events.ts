import type {
  ContinuedServiceAlert, ContinuedServiceCriterionResult, ContinuedServiceEvidence, ContinuedServiceRecommendation,
  CriteriaEdition, DimensionalRatings, LevelOfCare,
} from '@iop/asam-criteria';
import type {
  CareTeamRole, DiagnosisCategory, DiagnosisKind, DischargeReason, Dsm5Severity, ReferralSource, SubstanceClass, Track,
} from '@iop/domain-events';
import type { AttendanceBreach } from './continued-stay.evidence';

/** Internal events of the episode stream. They carry more than the public contracts (names, reasons, evidence). */
export type PatientAdmitted = {
  type: 'PatientAdmitted';
  data: {
    episodeId: string;
    patientId: string;
    referralId: string;
    /** PHI: the mapping to the public event turns it into a display name and an age band. */
    patient: { firstName: string; lastName: string; dateOfBirth: string };
    locationId: string;
    track: Track;
    levelOfCare: LevelOfCare;
    startDate: string;
    plannedEndDate: string;
    referralSource: ReferralSource;
    referredAt: string;
    admittedAt: string;
    recommendedLevel: LevelOfCare;
    overrideReason?: string;
    assessmentId: string;
    criteriaEdition: CriteriaEdition;
    admissionRatings: DimensionalRatings;
    previousEpisodeIds: string[];
  };
};

export type { CareTeamRole };
/** `patientId` is absent from changes recorded before CareTeamChanged was published (they cannot be published). */
export type CareTeamMemberAssigned = {
  type: 'CareTeamMemberAssigned';
  data: { episodeId: string; patientId?: string; staffId: string; role: CareTeamRole; assignedAt: string };
};
export type CareTeamMemberUnassigned = { type: 'CareTeamMemberUnassigned'; data: { episodeId: string; patientId?: string; staffId: string; unassignedAt: string } };

export type LevelOfCareChanged = {
  type: 'LevelOfCareChanged';
  data: { episodeId: string; patientId: string; fromLevel: LevelOfCare; toLevel: LevelOfCare; reason: string; changedAt: string };
};

export type ReviewTrigger = 'request' | 'schedule' | 'evidence';
/** The evaluation and everything it read, so a review can be explained later exactly as it was made. */
export type ContinuedStayReviewed = {
  type: 'ContinuedStayReviewed';
  data: {
    reviewId: string;
    episodeId: string;
    patientId: string;
    trigger: ReviewTrigger;
    recommendation: ContinuedServiceRecommendation;
    criteria: ContinuedServiceCriterionResult[];
    alerts: ContinuedServiceAlert[];
    evidence: ContinuedServiceEvidence & { breaches: AttendanceBreach[] };
    reviewedAt: string;
  };
};

export type EpisodePutOnHold = { type: 'EpisodePutOnHold'; data: { episodeId: string; reason: string; heldAt: string } };
export type EpisodeResumed = { type: 'EpisodeResumed'; data: { episodeId: string; resumedAt: string } };
/** `patientId` is absent from cancellations recorded before EpisodeCancelled was published (they cannot be published). */
export type EpisodeCancelled = { type: 'EpisodeCancelled'; data: { episodeId: string; patientId?: string; reason: string; cancelledAt: string } };

export type PatientDischarged = {
  type: 'PatientDischarged';
  data: {
    episodeId: string;
    patientId: string;
    locationId: string;
    track: Track;
    reason: DischargeReason;
    startDate: string;
    dischargedAt: string;
    joinAlumni: boolean;
    /** The review whose recommendation backs the discharge, or else the clinician's reason for going against it. */
    backedByReviewId?: string;
    overrideReason?: string;
  };
};

export type AlumniEnrolled = {
  type: 'AlumniEnrolled';
  data: {
    patientId: string;
    episodeId: string;
    locationId: string;
    track: Track;
    patient: { firstName: string; lastName: string };
    enrolledAt: string;
  };
};

/** A diagnosis on the episode (docs/DOMAIN.md section 7): the code, and what the code table says of it. */
export type DiagnosisRecorded = {
  type: 'DiagnosisRecorded';
  data: {
    diagnosisId: string;
    episodeId: string;
    patientId: string;
    code: string;
    system: 'ICD-10-CM';
    kind: DiagnosisKind;
    category: DiagnosisCategory;
    substance?: SubstanceClass;
    severity?: Dsm5Severity;
    inRemission: boolean;
    recordedAt: string;
    recordedBy: string;
  };
};
export type DiagnosisResolved = {
  type: 'DiagnosisResolved';
  data: { diagnosisId: string; episodeId: string; patientId: string; resolvedAt: string; resolvedBy: string };
};
export type DiagnosisRemoved = {
  type: 'DiagnosisRemoved';
  data: { diagnosisId: string; episodeId: string; patientId: string; reason: 'entered-in-error'; removedAt: string; removedBy: string };
};
export type DiagnosisEvent = DiagnosisRecorded | DiagnosisResolved | DiagnosisRemoved;

export type EpisodeEvent =
  | PatientAdmitted
  | CareTeamMemberAssigned
  | CareTeamMemberUnassigned
  | LevelOfCareChanged
  | ContinuedStayReviewed
  | EpisodePutOnHold
  | EpisodeResumed
  | EpisodeCancelled
  | PatientDischarged
  | AlumniEnrolled
  | DiagnosisEvent;
