import { SetMetadata } from '@nestjs/common';

/** Staff roles (docs/ARCHITECTURE.md, "Roles"). The role-to-route matrix is the @Roles on each route. */
/**
 * `compliance`: the program's privacy or compliance officer (HIPAA 164.530(a), Part 2's program director's
 * delegate): reads the audit log and the accounting of disclosures, no clinical content.
 * `operator`: the platform's own operations staff, not a clinic's: operations that span every tenant of a service
 * (rebuilding a read model), whatever tenant their token names.
 * `medical-director`: the program's medical director, who owns its clinical curriculum (the typed sessions of each block).
 */
export const ROLES = ['admin', 'intake', 'clinician', 'supervisor', 'psychiatrist', 'nurse', 'front-desk', 'analyst', 'integrator', 'compliance', 'operator', 'medical-director'] as const;
export type Role = (typeof ROLES)[number];
export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

export const ROLES_KEY = 'iop:roles';
export const PUBLIC_KEY = 'iop:public';

/** Only these roles may call the route (any one suffices). Routes without @Roles need any authenticated user. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** No token needed: health, metrics and the OpenAPI document. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Roles that read or write clinical content; front desk, analysts and integrators are not among them. */
export const CLINICAL_ROLES: Role[] = ['clinician', 'supervisor', 'psychiatrist', 'nurse'];
