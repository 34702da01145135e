import { usePatient } from '../chart/queries';

/**
 * The patient's name (admissions' audited read, shared with the chart's cache): the worklists carry ids only. Until it
 * loads, or for a role that may not read demographics, the patient is named by the start of their id.
 */
export function PatientName({ patientId }: { patientId: string }) {
  const patient = usePatient(patientId);
  if (patient.data) return <>{`${patient.data.firstName} ${patient.data.lastName}`}</>;
  return <>{`Patient ${patientId.slice(0, 8)}`}</>;
}
