/**
 * The patient a screen is about, shown in the header on every screen that is about one patient (name and date of
 * birth, no photo): so that nobody charts on the wrong patient. A screen sets it while it shows that patient.
 */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';

export type PatientInContext = { patientId: string; name: string; dateOfBirth: string };

const Ctx = createContext<{ patient: PatientInContext | null; setPatient: (p: PatientInContext | null) => void }>({
  patient: null,
  setPatient: () => undefined,
});

export function PatientContextProvider({ children }: { children: ReactNode }) {
  const [patient, setPatient] = useState<PatientInContext | null>(null);
  return <Ctx.Provider value={{ patient, setPatient }}>{children}</Ctx.Provider>;
}

export const usePatientInContext = () => useContext(Ctx).patient;

/** Puts the patient in context while the calling screen shows them (null: none), and clears it when it goes. */
export function useSetPatientInContext(patient: PatientInContext | null): void {
  const { setPatient } = useContext(Ctx);
  const key = patient ? `${patient.patientId}|${patient.name}|${patient.dateOfBirth}` : '';
  useEffect(() => {
    setPatient(patient);
    return () => setPatient(null);
    // Keyed by the patient's identity, not the object: a re-render with the same patient changes nothing.
  }, [key, setPatient]);
}
