import type { PublicMapping, StoredEvent } from '@iop/event-store';
import {
  crisisDocumentedV1, dimensionalReassessmentRecordedV1, goalStatusChangedV1, noteAmendedV1, noteSignedV1, safetyAlertAcknowledgedV1,
  safetyAlertEscalatedV1, safetyAlertOpenedV1, safetyAlertResolvedV1, treatmentPlanCareSetV1, treatmentPlanSignedV1,
} from '@iop/domain-events';
import type { ReassessmentRecorded } from '../domain/chart/chart.events';
import type { CrisisDocumented, NoteAmended, NoteSigned } from '../domain/note/note.events';
import type { GoalStatusChanged, TreatmentPlanSigned } from '../domain/treatment-plan/treatment-plan.events';
import type {
  SafetyAlertAcknowledged, SafetyAlertEscalated, SafetyAlertOpened, SafetyAlertResolved,
} from '../domain/safety-alert/safety-alert.events';

/*
 * Internal events -> public contracts. Every field is picked by name, never spread: internal events hold note
 * bodies, plan wording, amendment reasons and rationale, and none of it may reach Kafka (42 CFR Part 2, HIPAA
 * minimum necessary). Events with no public meaning map to nothing.
 */
export const clinicalNotesPublicMapping: PublicMapping = (event: StoredEvent) => {
  switch (event.type) {
    case 'TreatmentPlanSigned': {
      const { planId, episodeId, patientId, version, goalCount, signedAt, care } = event.data as TreatmentPlanSigned['data'];
      const signed = { contract: treatmentPlanSignedV1, data: { planId, episodeId, patientId, version, goalCount, signedAt } };
      // A version signed before structured care ordered none: no care event, so nothing booked is touched.
      if (!care) return [signed];
      const interventions = care.map(({ goalId, service, cadence, durationMinutes, staffId, staffRole }) => ({ goalId, service, cadence, durationMinutes, staffId, staffRole }));
      const careSet = { planId, episodeId, patientId, version, effectiveFrom: signedAt, interventions, signedAt };
      return [signed, { contract: treatmentPlanCareSetV1, data: careSet }];
    }
    case 'GoalStatusChanged': {
      const { planId, goalId, episodeId, patientId, from, to, changedAt } = event.data as GoalStatusChanged['data'];
      return [{ contract: goalStatusChangedV1, data: { planId, goalId, episodeId, patientId, from, to, changedAt } }];
    }
    case 'NoteSigned': {
      const { noteId, episodeId, patientId, sessionId, noteType, late, signedAt } = event.data as NoteSigned['data'];
      return [{ contract: noteSignedV1, data: { noteId, episodeId, patientId, ...(sessionId ? { sessionId } : {}), noteType, late, signedAt } }];
    }
    case 'CrisisDocumented': {
      const { noteId, episodeId, patientId, riskLevel, safetyPlanDocumented, documentedAt } = event.data as CrisisDocumented['data'];
      return [{ contract: crisisDocumentedV1, data: { noteId, episodeId, patientId, riskLevel, safetyPlanDocumented, documentedAt } }];
    }
    case 'NoteAmended': {
      const { noteId, amendmentId, episodeId, patientId, amendedAt } = event.data as NoteAmended['data'];
      return [{ contract: noteAmendedV1, data: { noteId, amendmentId, episodeId, patientId, amendedAt } }];
    }
    case 'ReassessmentRecorded': {
      const { reassessmentId, episodeId, patientId, criteriaEdition, ratings, recordedAt } = event.data as ReassessmentRecorded['data'];
      const { d1, d2, d3, d4, d5, d6 } = ratings;
      const data = { reassessmentId, episodeId, patientId, criteriaEdition, ratings: { d1, d2, d3, d4, d5, d6 }, recordedAt };
      return [{ contract: dimensionalReassessmentRecordedV1, data }];
    }
    case 'SafetyAlertOpened': {
      const { alertId, episodeId, patientId, locationId, signal, signalAt, routedTo, routedToStaffId, openedAt } = event.data as SafetyAlertOpened['data'];
      const data = {
        alertId, episodeId, patientId, ...(locationId ? { locationId } : {}), signal, signalAt, routedTo, ...(routedToStaffId ? { routedToStaffId } : {}), openedAt,
      };
      return [{ contract: safetyAlertOpenedV1, data }];
    }
    case 'SafetyAlertAcknowledged': {
      const { alertId, episodeId, patientId, signal, acknowledgedBy, openedAt, acknowledgedAt } = event.data as SafetyAlertAcknowledged['data'];
      return [{ contract: safetyAlertAcknowledgedV1, data: { alertId, episodeId, patientId, signal, acknowledgedBy, openedAt, acknowledgedAt } }];
    }
    case 'SafetyAlertResolved': {
      // The summary is clinical text: only whether there is one goes out.
      const { alertId, episodeId, patientId, signal, noteId, summary, resolvedBy, openedAt, resolvedAt } = event.data as SafetyAlertResolved['data'];
      const data = { alertId, episodeId, patientId, signal, ...(noteId ? { noteId } : {}), summaryDocumented: Boolean(summary), resolvedBy, openedAt, resolvedAt };
      return [{ contract: safetyAlertResolvedV1, data }];
    }
    case 'SafetyAlertEscalated': {
      const { alertId, episodeId, patientId, signal, escalatedTo, openedAt, escalatedAt } = event.data as SafetyAlertEscalated['data'];
      return [{ contract: safetyAlertEscalatedV1, data: { alertId, episodeId, patientId, signal, escalatedTo, openedAt, escalatedAt } }];
    }
    default:
      return [];
  }
};
