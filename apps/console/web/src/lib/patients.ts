import type { components } from '../api/admissions';

/** Who a referral is for, as admissions sends it with each referral (no separate, audited read of the patient). */
export type ReferredPatient = components['schemas']['ReferredPatientDto'];

export const patientName = (p: ReferredPatient): string => `${p.firstName} ${p.lastName}`;
