import { assertNever } from '@iop/decider';
import type { AllergyRecorded, Dosing, MedicationListEvent, MedicationStarted } from './medication-list.events';

type Started = Omit<MedicationStarted['data'], 'patientId'>;
export type DosingChange = Dosing & { effectiveDate: string; recordedAt: string; recordedBy: string };
export type Medication = Started & {
  status: 'active' | 'stopped';
  changes: DosingChange[];
  stopDate?: string;
  stopReason?: string;
};
export type Allergy = Omit<AllergyRecorded['data'], 'patientId'>;

/** The patient's list as the chart shows it; an allergy removed leaves the list (its events stay). */
export type MedicationListState = { patientId?: string; medications: Medication[]; allergies: Allergy[] };

export const initialState = (): MedicationListState => ({ medications: [], allergies: [] });

const update = (s: MedicationListState, medicationId: string, f: (m: Medication) => Medication): MedicationListState =>
  ({ ...s, medications: s.medications.map((m) => (m.medicationId === medicationId ? f(m) : m)) });

export function evolve(state: MedicationListState, event: MedicationListEvent): MedicationListState {
  const s = { ...state, patientId: event.data.patientId };
  switch (event.type) {
    case 'MedicationStarted': {
      const { patientId: _, ...started } = event.data;
      return { ...s, medications: [...s.medications, { ...started, status: 'active', changes: [] }] };
    }
    case 'MedicationChanged': {
      const { dose, route, frequency, effectiveDate, recordedAt, recordedBy } = event.data;
      return update(s, event.data.medicationId, (m) => ({ ...m, dose, route, frequency, changes: [...m.changes, { dose, route, frequency, effectiveDate, recordedAt, recordedBy }] }));
    }
    case 'MedicationStopped':
      return update(s, event.data.medicationId, (m) => ({ ...m, status: 'stopped', stopDate: event.data.stopDate, stopReason: event.data.reason }));
    case 'AllergyRecorded': {
      const { patientId: _, ...allergy } = event.data;
      return { ...s, allergies: [...s.allergies, allergy] };
    }
    case 'AllergyRemoved':
      return { ...s, allergies: s.allergies.filter((a) => a.allergyId !== event.data.allergyId) };
    default:
      return assertNever(event);
  }
}
