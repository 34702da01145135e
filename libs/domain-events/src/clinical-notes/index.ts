import { crisisDocumentedV1, noteAmendedV1, noteSignedV1 } from './note.contracts';
import { dimensionalReassessmentRecordedV1 } from './reassessment.contracts';
import { safetyAlertAcknowledgedV1, safetyAlertEscalatedV1, safetyAlertOpenedV1, safetyAlertResolvedV1 } from './safety-alert.contracts';
import { goalStatusChangedV1, treatmentPlanCareSetV1, treatmentPlanSignedV1 } from './treatment-plan.contracts';

export * from './note.contracts';
export * from './reassessment.contracts';
export * from './safety-alert.contracts';
export * from './treatment-plan.contracts';

export const CLINICAL_NOTES_CONTRACTS = [
  treatmentPlanSignedV1,
  goalStatusChangedV1,
  noteSignedV1,
  noteAmendedV1,
  dimensionalReassessmentRecordedV1,
  crisisDocumentedV1,
  safetyAlertOpenedV1,
  safetyAlertAcknowledgedV1,
  safetyAlertResolvedV1,
  safetyAlertEscalatedV1,
  treatmentPlanCareSetV1,
] as const;
