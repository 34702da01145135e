import { crisisDocumentedV1, noteAmendedV1, noteSignedV1 } from './note.contracts';
import { dimensionalReassessmentRecordedV1 } from './reassessment.contracts';
import { goalStatusChangedV1, treatmentPlanSignedV1 } from './treatment-plan.contracts';

export * from './note.contracts';
export * from './reassessment.contracts';
export * from './treatment-plan.contracts';

export const CLINICAL_NOTES_CONTRACTS = [
  treatmentPlanSignedV1,
  goalStatusChangedV1,
  noteSignedV1,
  noteAmendedV1,
  dimensionalReassessmentRecordedV1,
  crisisDocumentedV1,
] as const;
