/**
 * UNDOCUMENTED: TO BE REPLACED BY REGENERATION (`npm run openapi`).
 *
 * The one success body the console reads that no service's OpenAPI document describes yet: scheduling's
 * GET /v1/locations (a page of these) answers without a response schema. Written from the generated request schema the
 * location echoes (name, timezone, blocks) plus what the read model adds; once scheduling documents the response, use
 * `components['schemas'][...]` from ./scheduling with `unwrap` and delete this file.
 */
import type { components } from './scheduling';

export type LocationView = components['schemas']['ConfigureLocationDto'] & { locationId: string; configuredAt: string };

export type LocationPage = { items: LocationView[]; nextCursor: string | null };

/*
 * The patient's chart reads these. Those aliased to a generated schema are documented by their service now (the names
 * stay, so the screens need not change); the rest are answered without a response schema yet, each shape written from
 * the service's read model, named beside it, reusing the request schemas they echo.
 */
import type { components as Admissions } from './admissions';
import type { components as ClinicalNotes } from './clinical-notes';
import type { components as Outcomes } from './outcomes';

/** A page as every service's paging helper answers it. */
export type Page<T> = { items: T[]; nextCursor: string | null };

/** admissions GET /v1/patients: one match of a search. */
export type PatientSummary = Admissions['schemas']['PatientSummaryDto'];

/** admissions GET /v1/patients/{patientId}: the patient with their referrals and episodes, oldest first. */
export type PatientRecord = Admissions['schemas']['PatientRecordDto'];

/** admissions GET /v1/episodes/{episodeId}. */
export type EpisodeDetail = Admissions['schemas']['EpisodeDto'];

/** admissions GET /v1/patients/{patientId}/consents. */
export type ConsentView = Admissions['schemas']['ConsentDto'];

/** admissions GET /v1/patients/{patientId}/disclosures: the accounting of disclosures, newest first. */
export type DisclosureView = Admissions['schemas']['DisclosureDto'];

/** admissions GET /v1/episodes/{episodeId}/diagnoses (manage-diagnoses view): the recorded diagnosis and its status. */
export type DiagnosisView = Admissions['schemas']['RecordDiagnosisDto'] & {
  diagnosisId: string; display: string; status: 'active' | 'resolved'; resolvedAt?: string;
};

/** admissions GET /v1/patients/{patientId}/medications (the patient's medication list). */
export type MedicationView = Admissions['schemas']['StartMedicationDto'] & {
  medicationId: string; status: 'active' | 'stopped'; stopDate?: string; stopReason?: string;
};

/** GET /v1/patients/{patientId}/access-log on every service: documented now (the same schema in every service). */
export type AccessLogEntry = Admissions['schemas']['AccessLogEntryDto'];

/** clinical-notes GET /v1/notes/{id}/verification (verify-notes ChainVerdict). */
export type ChainVerdict = { valid: boolean; versions: number; brokenAt?: number };

type PlanGoal = ClinicalNotes['schemas']['GoalDto'] & { goalId: string; status?: string };
/** clinical-notes GET /v1/episodes/{episodeId}/treatment-plan (manage-treatment-plan/treatment-plan.view.ts). */
export type TreatmentPlanView = {
  planId: string; episodeId: string; patientId: string; status: string; version: number; author: string; signedVersion: number | null;
  acknowledged: boolean; acknowledgedVersion: number | null; lastSignedAt: string | null; lastReviewedAt: string | null; revision: number;
  problems: (Omit<ClinicalNotes['schemas']['ProblemDto'], 'goals'> & { problemId: string; goals: PlanGoal[] })[];
};

/** outcomes GET /v1/episodes/{episodeId}/measures, oldest first. */
export type MeasureView = Outcomes['schemas']['StoredObservationDto'];

/** outcomes GET /v1/episodes/{episodeId}/drug-screens. */
export type DrugScreenView = Outcomes['schemas']['StoredDrugScreenDto'];

/** scheduling GET /v1/episodes/{episodeId}/schedule (view-episode-schedule): seats, waitlist places and attendance. */
export type EpisodeSchedule = {
  episodeId: string; locationId: string; status: string; timezone: string;
  items: {
    sessionId: string; type: string; startsAt: string; endsAt: string; room: string | null; virtualLink: string | null; noCharge: boolean;
    sessionStatus: string; booking: string; cancelReason?: string; attendance: { status: string; minutesAttended: number | null } | null;
  }[];
};
