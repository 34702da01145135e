/**
 * Internal events -> public contracts (libs/domain-events/src/admissions). The internal events carry names, dates of
 * birth, reasons and evidence; the public ones carry ids, codes and times only (HIPAA minimum necessary), plus the
 * roster name (`displayName`) scheduling needs. Events with no public meaning map to nothing.
 */
import { dateOf } from '@iop/calendar';
import {
  alumniEnrolledV1, careTeamChangedV1, consentGrantedV1, consentRevokedV1, continuedStayReviewedV1, diagnosisRecordedV1, diagnosisRemovedV1, diagnosisResolvedV1,
  episodeCancelledV1, levelOfCareChangedV1, patientAdmittedV1, patientDischargedV1, patientReferredV1,
} from '@iop/domain-events';
import type { OutgoingMessage, PublicMapping, StoredEvent } from '@iop/event-store';
import type { ConsentEvent } from '../domain/consent/consent.events';
import type { EpisodeEvent } from '../domain/episode/episode.events';
import { ageBandAt, displayNameOf } from '../domain/patient/patient-identity';
import type { PatientEvent } from '../domain/patient/patient.events';
import type { ReferralEvent } from '../domain/referral/referral.events';

export type AdmissionsEvent = PatientEvent | ReferralEvent | EpisodeEvent | ConsentEvent;

const out = <T>(contract: OutgoingMessage<T>['contract'], data: T): OutgoingMessage[] => [{ contract, data } as OutgoingMessage];

function episodeMessages(e: EpisodeEvent): OutgoingMessage[] {
  switch (e.type) {
    case 'PatientAdmitted': {
      const { patient, overrideReason, assessmentId: _a, criteriaEdition: _c, admissionRatings: _r, previousEpisodeIds: _p, ...facts } = e.data;
      return out(patientAdmittedV1, {
        ...facts, displayName: displayNameOf(patient.firstName, patient.lastName),
        ageBand: ageBandAt(patient.dateOfBirth, dateOf(facts.admittedAt)), levelOverridden: overrideReason !== undefined,
      });
    }
    case 'LevelOfCareChanged': {
      const { reason: _, ...data } = e.data;
      return out(levelOfCareChangedV1, data);
    }
    case 'ContinuedStayReviewed': {
      const { reviewId, episodeId, patientId, recommendation, trigger, reviewedAt, criteria } = e.data;
      const criteriaFired = criteria.filter((c) => c.fired).map((c) => c.id);
      return out(continuedStayReviewedV1, { reviewId, episodeId, patientId, recommendation, criteriaFired, trigger, reviewedAt });
    }
    case 'PatientDischarged': {
      const { backedByReviewId: _b, overrideReason: _o, ...data } = e.data;
      return out(patientDischargedV1, data);
    }
    case 'EpisodeCancelled': {
      // The reason is free text (it may name the patient's circumstances): it stays internal. A cancellation recorded
      // before this event was published lacks the patient id the contract requires, and maps to nothing.
      const { episodeId, patientId, cancelledAt } = e.data;
      return patientId ? out(episodeCancelledV1, { episodeId, patientId, cancelledAt }) : [];
    }
    // Ids and the role only (no staff names are kept here to publish). A change recorded before this event was
    // published lacks the patient id the contract requires, and maps to nothing.
    case 'CareTeamMemberAssigned': {
      const { episodeId, patientId, staffId, role, assignedAt } = e.data;
      return patientId ? out(careTeamChangedV1, { episodeId, patientId, staffId, change: 'assigned', role, changedAt: assignedAt }) : [];
    }
    case 'CareTeamMemberUnassigned': {
      const { episodeId, patientId, staffId, unassignedAt } = e.data;
      return patientId ? out(careTeamChangedV1, { episodeId, patientId, staffId, change: 'unassigned', changedAt: unassignedAt }) : [];
    }
    case 'AlumniEnrolled': {
      const { patient, ...data } = e.data;
      return out(alumniEnrolledV1, { ...data, displayName: displayNameOf(patient.firstName, patient.lastName) });
    }
    // Who recorded, resolved or removed a diagnosis stays in admissions (staff are not on the bus).
    case 'DiagnosisRecorded': {
      const { recordedBy: _, ...data } = e.data;
      return out(diagnosisRecordedV1, data);
    }
    case 'DiagnosisResolved': {
      const { resolvedBy: _, ...data } = e.data;
      return out(diagnosisResolvedV1, data);
    }
    case 'DiagnosisRemoved': {
      const { removedBy: _, ...data } = e.data;
      return out(diagnosisRemovedV1, data);
    }
    default:
      return [];
  }
}

function otherMessages(e: PatientEvent | ReferralEvent | ConsentEvent): OutgoingMessage[] {
  switch (e.type) {
    case 'PatientReferred': return out(patientReferredV1, e.data);
    case 'ConsentGranted': return out(consentGrantedV1, e.data);
    case 'ConsentRevoked': return out(consentRevokedV1, e.data);
    default: return [];
  }
}

const EPISODE_EVENTS = new Set([
  'PatientAdmitted', 'CareTeamMemberAssigned', 'CareTeamMemberUnassigned', 'LevelOfCareChanged', 'ContinuedStayReviewed', 'EpisodeCancelled',
  'PatientDischarged', 'AlumniEnrolled',
  'DiagnosisRecorded', 'DiagnosisResolved', 'DiagnosisRemoved',
]);

export const admissionsPublicMapping: PublicMapping = (event: StoredEvent) => {
  const e = { type: event.type, data: event.data } as AdmissionsEvent;
  return EPISODE_EVENTS.has(e.type) ? episodeMessages(e as EpisodeEvent) : otherMessages(e as PatientEvent | ReferralEvent | ConsentEvent);
};
