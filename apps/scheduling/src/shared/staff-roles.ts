import type { Role } from '@iop/platform';

/**
 * The role-to-route matrix of scheduling (docs/ARCHITECTURE.md, "Roles"). Patient-level views follow the
 * minimum-necessary rule: care staff and front desk see schedules and rosters; analysts and integrators never do.
 */
export const CONFIGURERS: Role[] = ['admin'];
/** The program's clinical curriculum: its admin or its medical director. */
export const CURRICULUM_KEEPERS: Role[] = ['admin', 'medical-director'];
export const PATIENT_VIEWERS: Role[] = ['admin', 'intake', 'clinician', 'supervisor', 'psychiatrist', 'nurse', 'front-desk'];
/** Front desk may record arrivals only: the enrollment decider enforces which statuses. */
export const ATTENDANCE_RECORDERS: Role[] = ['clinician', 'supervisor', 'psychiatrist', 'nurse', 'front-desk'];
export const BOOKERS: Role[] = PATIENT_VIEWERS;
/** Clinic staff: locations, sessions and program settings carry meeting links and staff ids, for them only (docs/ACCESS.md). */
export const STAFF: Role[] = PATIENT_VIEWERS;
/** A location as configured (name, zone, blocks, curricula): clinic staff, and the medical director whose curriculum it carries. */
export const LOCATION_READERS: Role[] = [...STAFF, 'medical-director'];
