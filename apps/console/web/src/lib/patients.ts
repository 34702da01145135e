import { useQuery } from '@tanstack/react-query';
import { admissions, unwrap } from '../api/client';
import type { Patient } from '../api/pending';

/** A patient's demographics (each read is audited by admissions: read only what is on screen). */
export const usePatient = (patientId: string | undefined) =>
  useQuery({
    queryKey: ['patient', patientId],
    enabled: !!patientId,
    staleTime: 5 * 60_000,
    queryFn: () => unwrap<Patient>(admissions.GET('/v1/patients/{patientId}', { params: { path: { patientId: patientId! } } })),
  });

export const patientName = (p: Patient | undefined): string => (p ? `${p.firstName} ${p.lastName}` : '…');
