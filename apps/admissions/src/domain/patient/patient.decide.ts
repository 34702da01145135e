import { addYears, dateOf, isCalendarDate } from '@iop/calendar';
import { conflict, type CommandMetadata, type Decider, type FieldError, invalid } from '@iop/decider';
import type { PatientDemographics, PatientEvent } from './patient.events';
import { evolve, initialState, type PatientState } from './patient.state';

export type RegisterPatient = {
  type: 'RegisterPatient';
  data: { patientId: string } & PatientDemographics;
  metadata: CommandMetadata;
};
export type PatientCommand = RegisterPatient;

/** No one in an addiction-treatment program is older than this; an older date of birth is a typing error. */
const OLDEST_AGE_YEARS = 120;

function demographicsErrors(d: PatientDemographics, today: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!d.firstName.trim()) errors.push({ path: 'patient.firstName', message: 'must not be empty' });
  if (!d.lastName.trim()) errors.push({ path: 'patient.lastName', message: 'must not be empty' });
  if (!isCalendarDate(d.dateOfBirth)) errors.push({ path: 'patient.dateOfBirth', message: 'must be a real date YYYY-MM-DD' });
  else if (d.dateOfBirth > today) errors.push({ path: 'patient.dateOfBirth', message: 'must not be in the future' });
  else if (d.dateOfBirth < addYears(today, -OLDEST_AGE_YEARS)) {
    errors.push({ path: 'patient.dateOfBirth', message: `must be within the last ${OLDEST_AGE_YEARS} years` });
  }
  return errors;
}

function register(command: RegisterPatient, state: PatientState): PatientEvent[] {
  if (state.status !== 'unknown') throw conflict(`Patient ${command.data.patientId} is already registered.`);
  const { patientId, firstName, lastName, dateOfBirth, phone } = command.data;
  const errors = demographicsErrors(command.data, dateOf(command.metadata.now));
  if (errors.length) throw invalid('The patient details are not valid.', errors);
  return [{
    type: 'PatientRegistered',
    data: {
      patientId, firstName: firstName.trim(), lastName: lastName.trim(), dateOfBirth,
      ...(phone ? { phone } : {}), registeredAt: command.metadata.now,
    },
  }];
}

export function decide(command: PatientCommand, state: PatientState): PatientEvent[] {
  return register(command, state);
}

export const patientDecider: Decider<PatientCommand, PatientEvent, PatientState> = { decide, evolve, initialState };
