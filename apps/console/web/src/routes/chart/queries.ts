import { useQuery } from '@tanstack/react-query';
import { admissions, scheduling, unwrap } from '../../api/client';

/** admissions' patient with their episodes (an audited read of the demographics). */
export const patientQuery = (patientId: string) => ({
  queryKey: ['patient', patientId],
  queryFn: () => unwrap(admissions.GET('/v1/patients/{patientId}', { params: { path: { patientId } } })),
});
export const usePatient = (patientId: string) => useQuery(patientQuery(patientId));

/** The patient's Part 2 consents (the header's consents in force and the consents part share the one read). */
export const useConsents = (patientId: string) =>
  useQuery({
    queryKey: ['consents', patientId],
    queryFn: async () => (await unwrap(admissions.GET('/v1/patients/{patientId}/consents', { params: { path: { patientId } } }))).items,
  });

/** scheduling's view of the episode's sessions with attendance (the schedule part and the note form share the one read). */
export const useSchedule = (episodeId: string) =>
  useQuery({
    queryKey: ['schedule', episodeId],
    queryFn: () => unwrap(scheduling.GET('/v1/episodes/{episodeId}/schedule', { params: { path: { episodeId } } })),
  });
