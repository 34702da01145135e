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
 * The patient's chart reads these; their services answer them without a response schema (each shape below is written
 * from the service's read model, named beside it). The request schemas they echo are reused where there is one.
 */
import type { components as Admissions } from './admissions';
import type { components as ClinicalNotes } from './clinical-notes';
import type { components as Outcomes } from './outcomes';

/** A page as every service's paging helper answers it. */
export type Page<T> = { items: T[]; nextCursor: string | null };

/** admissions GET /v1/patients (find-patients/patient.queries.ts patientView): one match of a search. */
export type PatientSummary = {
  patientId: string; firstName: string; lastName: string; dateOfBirth: string; phone: string | null; registeredAt: string;
  alumni: boolean; alumniSince: string | null;
};

/** admissions GET /v1/patients/{patientId} (findPatient): the patient with their referrals and episodes, oldest first. */
export type PatientRecord = PatientSummary & {
  referrals: { referralId: string; status: string; source: string; referredAt: string }[];
  episodes: { episodeId: string; status: string; startDate: string | null; dischargedAt: string | null }[];
};

/** admissions GET /v1/episodes/{episodeId} (manage-episodes/episode.queries.ts episodeView). */
export type EpisodeDetail = {
  episodeId: string; patientId: string; referralId: string; status: string; levelOfCare: string; locationId: string; track: string;
  startDate: string | null; plannedEndDate: string | null; previousEpisodeIds: string[];
  careTeam: { staffId: string; role: string; assignedAt: string }[];
  referralSource: string | null; referredAt: string | null; admittedAt: string | null; recommendedLevel?: string | null;
  levelOverridden?: boolean | null; statusReason?: string | null; lastReviewedAt: string | null; lastRecommendation?: unknown;
  dischargeReason: string | null; dischargedAt: string | null; joinedAlumni: boolean | null;
};

/** admissions GET /v1/patients/{patientId}/consents (manage-consents/consent.queries.ts listConsents). */
export type ConsentView = Pick<Admissions['schemas']['GrantConsentDto'], 'recipient' | 'purpose' | 'information'> & {
  consentId: string; patientId: string; expiresAt: string | null; grantedAt: string;
  status: 'active' | 'revoked' | 'expired' | string; version: number;
  versions: { version: number; change: string; scope: string | null; information: string[] | null; revokedInformation: string[] | null; recordedAt: string; recordedBy: string }[];
};

/** admissions GET /v1/patients/{patientId}/disclosures (listDisclosures): the accounting of disclosures, newest first. */
export type DisclosureView = {
  disclosureId: string; recipient: string; purpose: string; eventType: string; eventId: string; consentId: string | null; disclosedAt: string;
};

/** admissions GET /v1/episodes/{episodeId}/diagnoses (manage-diagnoses view): the recorded diagnosis and its status. */
export type DiagnosisView = Admissions['schemas']['RecordDiagnosisDto'] & {
  diagnosisId: string; display: string; status: 'active' | 'resolved'; resolvedAt?: string;
};

/** admissions GET /v1/patients/{patientId}/medications (the patient's medication list). */
export type MedicationView = Admissions['schemas']['StartMedicationDto'] & {
  medicationId: string; status: 'active' | 'stopped'; stopDate?: string; stopReason?: string;
};

/** GET /v1/patients/{patientId}/access-log on every service (libs/platform audit/access-log.controller.ts AccessLogEntry). */
export type AccessLogEntry = {
  occurredAt: string; actor: string; actorRoles: string[]; action: string; resource: string; purpose: string;
  correlationId: string | null; patientId: string | null;
};

/** clinical-notes GET /v1/notes/{id}/verification (verify-notes ChainVerdict). */
export type ChainVerdict = { valid: boolean; versions: number; brokenAt?: number };

type PlanGoal = ClinicalNotes['schemas']['GoalDto'] & { goalId: string; status?: string };
/** clinical-notes GET /v1/episodes/{episodeId}/treatment-plan (manage-treatment-plan/treatment-plan.view.ts). */
export type TreatmentPlanView = {
  planId: string; episodeId: string; patientId: string; status: string; version: number; author: string; signedVersion: number | null;
  acknowledged: boolean; acknowledgedVersion: number | null; lastSignedAt: string | null; lastReviewedAt: string | null; revision: number;
  problems: (Omit<ClinicalNotes['schemas']['ProblemDto'], 'goals'> & { problemId: string; goals: PlanGoal[] })[];
};

/** outcomes GET /v1/episodes/{episodeId}/measures (list-episode-measures StoredObservation), oldest first. */
export type MeasureView = {
  measureId: string; instrument: Outcomes['schemas']['RecordMeasureDto']['instrument']; code: { system: string; code: string };
  answers: unknown; scores: Record<string, number>; band: string | null; safetyAlert: boolean; scoringVersion: string;
  administeredAt: string; administeredBy: string; followUpId: string | null;
};

/** outcomes GET /v1/episodes/{episodeId}/drug-screens (list-episode-screens). */
export type DrugScreenView = {
  screenId: string; collectedOn: string; results: Outcomes['schemas']['AnalyteResultDto'][]; recordedBy: string; recordedAt: string;
};

/** scheduling GET /v1/episodes/{episodeId}/schedule (view-episode-schedule): seats, waitlist places and attendance. */
export type EpisodeSchedule = {
  episodeId: string; locationId: string; status: string; timezone: string;
  items: {
    sessionId: string; type: string; startsAt: string; endsAt: string; room: string | null; virtualLink: string | null; noCharge: boolean;
    sessionStatus: string; booking: string; cancelReason?: string; attendance: { status: string; minutesAttended: number | null } | null;
  }[];
};
