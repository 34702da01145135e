/**
 * The role-to-route matrix of admissions (docs/ARCHITECTURE.md, "Roles"): each route's @Roles names one
 * of these groups. Analysts and integrators see no patient data here; front desk reads episodes, not assessments.
 */
import { CLINICAL_ROLES, type Role } from '@iop/platform';

/** Take referrals and admit: intake staff and admins. */
export const INTAKE: Role[] = ['intake', 'admin'];
/** Read referrals, patients and assessments: intake plus every clinical role. */
export const CARE_STAFF: Role[] = ['intake', 'admin', ...CLINICAL_ROLES];
/** Assess, review, change level, discharge: clinicians who hold a caseload. */
export const CLINICIANS: Role[] = ['clinician', 'supervisor', 'psychiatrist'];
/** Read episodes (dates, location, track, status): care staff and the front desk. */
export const EPISODE_READERS: Role[] = [...CARE_STAFF, 'front-desk'];
/** Staff a care team and put an episode on hold. */
export const TEAM_MANAGERS: Role[] = ['admin', 'intake', 'supervisor', 'clinician'];
/** Record and revoke Part 2 consents (usually signed at intake or in session). */
export const CONSENT_WRITERS: Role[] = ['intake', 'admin', 'clinician', 'supervisor'];
/** The accounting of disclosures, given to a patient on request (privacy officer duties sit with admins). */
export const DISCLOSURE_READERS: Role[] = ['admin', 'intake', 'supervisor', 'compliance'];
/** Aggregates without patient data. */
export const REPORT_READERS: Role[] = ['admin', 'supervisor', 'analyst'];
export const ADMINS: Role[] = ['admin'];
/** Record, resolve and remove diagnoses: the licensed clinicians who diagnose (nurses read them). */
export const DIAGNOSIS_WRITERS: Role[] = CLINICIANS;
/** Keep the medication list and allergies: psychiatrists prescribe elsewhere and nurses reconcile; no prescribing here. */
export const MEDICATION_WRITERS: Role[] = ['psychiatrist', 'nurse'];
/** Read diagnoses, medications and allergies: the clinical roles (the care team), not intake or the front desk. */
export const CHART_READERS: Role[] = [...CLINICAL_ROLES];
