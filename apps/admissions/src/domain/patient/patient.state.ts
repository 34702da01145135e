import { assertNever } from '@iop/decider';
import type { PatientDemographics, PatientEvent } from './patient.events';

export type PatientState =
  | { status: 'unknown' }
  | { status: 'registered'; patientId: string; demographics: PatientDemographics };

export const initialState = (): PatientState => ({ status: 'unknown' });

export function evolve(state: PatientState, event: PatientEvent): PatientState {
  switch (event.type) {
    case 'PatientRegistered': {
      const { patientId, registeredAt: _, ...demographics } = event.data;
      return { status: 'registered', patientId, demographics };
    }
    default:
      return assertNever(event.type);
  }
}
