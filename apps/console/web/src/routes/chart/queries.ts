/**
 * Every read of the patient's chart, as query options (key and fetch), shared by the part that shows it and by the
 * chart route's loader, which asks for them all as the route opens (`prefetchChart`): a part then finds its data
 * asked for, or already there, when it first renders. The parts' own reads were otherwise issued only once the patient
 * had been answered, React had rendered the chart, and each part had mounted: a round trip and a render in series.
 */
import { type QueryClient, queryOptions, useQuery } from '@tanstack/react-query';
import { admissions, ApiError, clinicalNotes, outcomes, scheduling, unwrap, unwrapWithEtag } from '../../api/client';
import type { TreatmentPlanView } from '../../api/views';

/** The most a list of the chart reads at once (measures, drug screens, notes, the disclosures, the access log). */
export const MAX = 200;
/** The newest reviews and reassessments shown. */
export const RECENT = 50;

/** admissions' patient with their episodes (an audited read of the demographics). */
export const patientQuery = (patientId: string) =>
  queryOptions({
    queryKey: ['patient', patientId],
    queryFn: () => unwrap(admissions.GET('/v1/patients/{patientId}', { params: { path: { patientId } } })),
  });
export const usePatient = (patientId: string) => useQuery(patientQuery(patientId));

/** The patient's Part 2 consents (the header's consents in force and the consents part share the one read). */
export const consentsQuery = (patientId: string) =>
  queryOptions({
    queryKey: ['consents', patientId],
    queryFn: async () => (await unwrap(admissions.GET('/v1/patients/{patientId}/consents', { params: { path: { patientId } } }))).items,
  });
export const useConsents = (patientId: string) => useQuery(consentsQuery(patientId));

export const medicationsQuery = (patientId: string) =>
  queryOptions({
    queryKey: ['medications', patientId],
    queryFn: async () => (await unwrap(admissions.GET('/v1/patients/{patientId}/medications', { params: { path: { patientId } } }))).items,
  });

export const allergiesQuery = (patientId: string) =>
  queryOptions({
    queryKey: ['allergies', patientId],
    queryFn: async () => (await unwrap(admissions.GET('/v1/patients/{patientId}/allergies', { params: { path: { patientId } } }))).items,
  });

export const episodeQuery = (episodeId: string) =>
  queryOptions({
    queryKey: ['episode', episodeId],
    queryFn: () => unwrap(admissions.GET('/v1/episodes/{episodeId}', { params: { path: { episodeId } } })),
  });

/** The episode's program weeks (hours attended per week), for the header. */
export const weeksQuery = (episodeId: string) =>
  queryOptions({
    queryKey: ['weeks', episodeId],
    queryFn: () => unwrap(scheduling.GET('/v1/enrollments/{episodeId}/weeks', { params: { path: { episodeId } } })),
  });

/** scheduling's view of the episode's sessions with attendance (the schedule part and the note form share the one read). */
export const scheduleQuery = (episodeId: string) =>
  queryOptions({
    queryKey: ['schedule', episodeId],
    queryFn: () => unwrap(scheduling.GET('/v1/episodes/{episodeId}/schedule', { params: { path: { episodeId } } })),
  });
export const useSchedule = (episodeId: string) => useQuery(scheduleQuery(episodeId));

/** The plan as read, with the version to send back as If-Match; null while the episode has none. */
export type VersionedPlan = { plan: TreatmentPlanView; etag: string | null };

export const planQuery = (episodeId: string) =>
  queryOptions({
    queryKey: ['chart-plan', episodeId],
    queryFn: async (): Promise<VersionedPlan | null> => {
      try {
        const { body, etag } = await unwrapWithEtag(clinicalNotes.GET('/v1/episodes/{episodeId}/treatment-plan', { params: { path: { episodeId } } }));
        return { plan: body as unknown as TreatmentPlanView, etag };
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });

/** The clinic's plan deadlines (clinical-notes' documentation settings), for when the plan or its review is due. */
export const documentationSettingsQuery = () =>
  queryOptions({
    queryKey: ['chart', 'documentation-settings'],
    staleTime: 300_000,
    queryFn: () => unwrap(clinicalNotes.GET('/v1/documentation-settings')),
  });

export const notesQuery = (episodeId: string) =>
  queryOptions({
    queryKey: ['notes', episodeId],
    queryFn: () => unwrap(clinicalNotes.GET('/v1/episodes/{episodeId}/notes', { params: { path: { episodeId }, query: { limit: MAX } } })),
  });

export const reassessmentsQuery = (episodeId: string) =>
  queryOptions({
    queryKey: ['reassessments', episodeId],
    queryFn: async () => (await unwrap(clinicalNotes.GET('/v1/episodes/{episodeId}/reassessments', { params: { path: { episodeId }, query: { limit: RECENT } } }))).items,
  });

export const measuresQuery = (episodeId: string) =>
  queryOptions({
    queryKey: ['measures', episodeId],
    queryFn: async () => (await unwrap(outcomes.GET('/v1/episodes/{episodeId}/measures', { params: { path: { episodeId }, query: { limit: MAX } } }))).items,
  });

export const drugScreensQuery = (episodeId: string) =>
  queryOptions({
    queryKey: ['drug-screens', episodeId],
    queryFn: async () => (await unwrap(outcomes.GET('/v1/episodes/{episodeId}/drug-screens', { params: { path: { episodeId }, query: { limit: MAX } } }))).items,
  });

export const diagnosesQuery = (episodeId: string) =>
  queryOptions({
    queryKey: ['diagnoses', episodeId],
    queryFn: async () => (await unwrap(admissions.GET('/v1/episodes/{episodeId}/diagnoses', { params: { path: { episodeId } } }))).items,
  });

export const reviewsQuery = (episodeId: string) =>
  queryOptions({
    queryKey: ['reviews', episodeId],
    queryFn: async () => (await unwrap(admissions.GET('/v1/episodes/{episodeId}/reviews', { params: { path: { episodeId }, query: { limit: RECENT } } }))).items,
  });

/**
 * The episode the chart opens: the one `?episode=` names if it is the patient's, else the most recent (an alumnus may
 * have several). Null when the patient was referred and never admitted.
 */
export function shownEpisodeId(episodes: readonly { episodeId: string }[], chosen: string | null): string | null {
  if (chosen && episodes.some((e) => e.episodeId === chosen)) return chosen;
  return episodes.at(-1)?.episodeId ?? null;
}

/**
 * Asks for the chart's reads as the route opens: the patient first, then, once the patient is read (a user who may not
 * read the patient sees no other part, and asks for none), every part the chart shows whatever the user's roles: the
 * same reads, with the same keys, that the parts would make on their first render. The parts shown to some roles or in
 * some states only (the accounting of disclosures, the access log, follow-ups after discharge) still ask for
 * themselves. A failed read here is the part's own failure, shown where the part renders.
 */
export async function prefetchChart(client: QueryClient, patientId: string, chosenEpisode: string | null): Promise<void> {
  let patient;
  try {
    patient = await client.fetchQuery(patientQuery(patientId));
  } catch {
    return;
  }
  const episodeId = shownEpisodeId(patient.episodes, chosenEpisode);
  // In the order the parts stand on screen: the browser's few connections to the console serve the top ones first.
  const reads = episodeId
    ? [
      client.prefetchQuery(episodeQuery(episodeId)),
      client.prefetchQuery(weeksQuery(episodeId)),
      client.prefetchQuery(consentsQuery(patientId)),
      client.prefetchQuery(scheduleQuery(episodeId)),
      client.prefetchQuery(planQuery(episodeId)),
      client.prefetchQuery(documentationSettingsQuery()),
      client.prefetchQuery(notesQuery(episodeId)),
      client.prefetchQuery(reassessmentsQuery(episodeId)),
      client.prefetchQuery(measuresQuery(episodeId)),
      client.prefetchQuery(drugScreensQuery(episodeId)),
      client.prefetchQuery(diagnosesQuery(episodeId)),
      client.prefetchQuery(medicationsQuery(patientId)),
      client.prefetchQuery(allergiesQuery(patientId)),
      client.prefetchQuery(reviewsQuery(episodeId)),
    ]
    : [client.prefetchQuery(consentsQuery(patientId))];
  await Promise.all(reads);
}
