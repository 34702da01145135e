import type { DimensionKey } from '@iop/asam-criteria';
import type { CareCadence, CareStaffRole, GoalStatus, PlannedCare, PlanService } from '@iop/domain-events';

/**
 * A plan's clinical content. Its wording never leaves this service: public events carry counts, statuses and, for
 * structured interventions, codes.
 *
 * An intervention is free text (`description`, `frequency`), or also structured care (docs/DOMAIN.md section 9): a
 * `service` with its `cadence`, `durationMinutes` and the role in which `responsibleStaff` (then a staff id) delivers
 * it, which scheduling books. Plans written before structured care have none of the four: they read as free text.
 */
export type Intervention = {
  description: string;
  frequency?: string;
  responsibleStaff: string;
  service?: PlanService;
  cadence?: CareCadence;
  durationMinutes?: number;
  responsibleRole?: CareStaffRole;
};
export type Objective = { description: string; measure: string; targetDate: string };
export type Goal = { goalId: string; description: string; targetDate: string; objectives: Objective[]; interventions: Intervention[] };
/**
 * Problems are linked to the ASAM dimensions they arise from (docs/DOMAIN.md section 2) and, optionally, to a diagnosis
 * of the episode (admissions' `diagnosisId`, kept as a reference: clinical notes does not hold the diagnoses).
 */
export type Problem = { problemId: string; description: string; asamDimensions: DimensionKey[]; diagnosisId?: string; goals: Goal[] };

export type TreatmentPlanDrafted = {
  type: 'TreatmentPlanDrafted';
  data: { planId: string; episodeId: string; patientId: string; version: number; author: string; problems: Problem[]; draftedAt: string };
};

/** A change to the draft, or (after signing) the draft of the next version; the signed version stays on record. */
export type TreatmentPlanRevised = {
  type: 'TreatmentPlanRevised';
  data: { planId: string; version: number; author: string; problems: Problem[]; revisedAt: string };
};

/**
 * `care`: the signed version's structured interventions as codes (published as TreatmentPlanCareSet). Absent on
 * versions signed before structured care, which ordered none.
 */
export type TreatmentPlanSigned = {
  type: 'TreatmentPlanSigned';
  data: { planId: string; episodeId: string; patientId: string; version: number; goalCount: number; signedBy: string; signedAt: string; care?: PlannedCare[] };
};

/** Patients hold no accounts: staff record how the patient acknowledged the plan. */
export type TreatmentPlanAcknowledged = {
  type: 'TreatmentPlanAcknowledged';
  data: { planId: string; version: number; method: 'signature' | 'e-signature' | 'verbal'; recordedBy: string; acknowledgedAt: string };
};

export type TreatmentPlanReviewed = {
  type: 'TreatmentPlanReviewed';
  data: { planId: string; version: number; reviewedBy: string; reviewedAt: string };
};

export type GoalStatusChanged = {
  type: 'GoalStatusChanged';
  data: { planId: string; goalId: string; episodeId: string; patientId: string; from: GoalStatus; to: GoalStatus; changedAt: string };
};

export type TreatmentPlanEvent =
  | TreatmentPlanDrafted | TreatmentPlanRevised | TreatmentPlanSigned | TreatmentPlanAcknowledged | TreatmentPlanReviewed | GoalStatusChanged;
