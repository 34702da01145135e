/**
 * Names for the generated response schemas the screens read, so that a screen says what it shows rather than which
 * DTO a service declared. Every success body of the five services is in their OpenAPI documents (docs/CONTRACTS.md,
 * "OpenAPI documents"); nothing here is written by hand except `Page`, the one list shape every schema repeats.
 */
import type { components as Admissions } from './admissions';
import type { components as ClinicalNotes } from './clinical-notes';
import type { components as Outcomes } from './outcomes';
import type { components as Scheduling } from './scheduling';

/** A page as every service's paging helper answers it. */
export type Page<T> = { items: T[]; nextCursor: string | null };

/** scheduling GET /v1/locations: a page of locations with their blocks and curricula. */
export type LocationPage = Scheduling['schemas']['LocationPageDto'];

/** admissions GET /v1/episodes/{episodeId}. */
export type EpisodeDetail = Admissions['schemas']['EpisodeDto'];

/** admissions GET /v1/patients/{patientId}/consents. */
export type ConsentView = Admissions['schemas']['ConsentDto'];

/** GET /v1/patients/{patientId}/access-log on every service (the same schema in every service). */
export type AccessLogEntry = Admissions['schemas']['AccessLogEntryDto'];

/** clinical-notes GET /v1/episodes/{episodeId}/treatment-plan: the current version with each goal's status. */
export type TreatmentPlanView = ClinicalNotes['schemas']['TreatmentPlanViewDto'];

/** outcomes GET /v1/episodes/{episodeId}/measures, oldest first. */
export type MeasureView = Outcomes['schemas']['StoredObservationDto'];
