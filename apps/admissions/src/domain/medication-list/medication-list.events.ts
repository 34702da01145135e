/**
 * Internal events of a patient's medication list and allergies (docs/DOMAIN.md section 7). A list, not orders: the
 * platform records what the patient takes and reacts to, and never prescribes. Names, doses and reactions are the
 * clinician's words: they stay in admissions and are not published (docs/CONTRACTS.md, iop.admissions.v1).
 */
export const ROUTES = [
  'oral', 'sublingual', 'buccal', 'intramuscular', 'subcutaneous', 'intravenous', 'transdermal', 'nasal', 'inhaled', 'topical', 'rectal', 'other',
] as const;
export type Route = (typeof ROUTES)[number];

/** Medications for opioid and alcohol use disorder (SAMHSA TIP 63, TIP 49) the list flags. */
export const MOUD_INGREDIENTS = ['buprenorphine', 'methadone', 'naltrexone', 'acamprosate', 'disulfiram'] as const;
export type MoudIngredient = (typeof MOUD_INGREDIENTS)[number];
export type UseDisorderTreated = 'opioid-use-disorder' | 'alcohol-use-disorder';
export type Moud = { ingredient: MoudIngredient; treats: UseDisorderTreated[] };

export const STOP_REASONS = ['completed', 'adverse-effect', 'ineffective', 'patient-choice', 'changed-medication', 'other'] as const;
export type StopReason = (typeof STOP_REASONS)[number];

export const ALLERGY_SEVERITIES = ['mild', 'moderate', 'severe', 'life-threatening', 'unknown'] as const;
export type AllergySeverity = (typeof ALLERGY_SEVERITIES)[number];

export type Dosing = { dose: string; route: Route; frequency: string };

export type MedicationStarted = {
  type: 'MedicationStarted';
  data: Dosing & {
    patientId: string; medicationId: string; name: string; rxnormCode?: string; moud?: Moud; startDate: string; recordedAt: string; recordedBy: string;
  };
};
/** A new dose, route or frequency from `effectiveDate`; the fields not changed are repeated, so each event is whole. */
export type MedicationChanged = {
  type: 'MedicationChanged';
  data: Dosing & { patientId: string; medicationId: string; effectiveDate: string; recordedAt: string; recordedBy: string };
};
export type MedicationStopped = {
  type: 'MedicationStopped';
  data: { patientId: string; medicationId: string; stopDate: string; reason: StopReason; recordedAt: string; recordedBy: string };
};
export type AllergyRecorded = {
  type: 'AllergyRecorded';
  data: { patientId: string; allergyId: string; substance: string; reaction?: string; severity: AllergySeverity; recordedAt: string; recordedBy: string };
};
export type AllergyRemoved = {
  type: 'AllergyRemoved';
  data: { patientId: string; allergyId: string; reason: 'entered-in-error' | 'no-longer-allergic'; removedAt: string; removedBy: string };
};

export type MedicationListEvent = MedicationStarted | MedicationChanged | MedicationStopped | AllergyRecorded | AllergyRemoved;
