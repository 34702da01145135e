/** Internal events of the patient stream. Demographics are PHI: they never leave admissions (see publishing/). */
export type PatientDemographics = { firstName: string; lastName: string; dateOfBirth: string; phone?: string };

export type PatientRegistered = {
  type: 'PatientRegistered';
  data: { patientId: string; registeredAt: string } & PatientDemographics;
};

export type PatientEvent = PatientRegistered;
