/** Stream ids and types of admissions' aggregates. */
export const streams = {
  patient: (id: string) => ({ id: `patient-${id}`, type: 'patient' }),
  referral: (id: string) => ({ id: `referral-${id}`, type: 'referral' }),
  episode: (id: string) => ({ id: `episode-${id}`, type: 'episode' }),
  consent: (id: string) => ({ id: `consent-${id}`, type: 'consent' }),
  /** One per patient: the medication list and the allergies, which outlive episodes. */
  medicationList: (patientId: string) => ({ id: `medications-${patientId}`, type: 'medication-list' }),
};
