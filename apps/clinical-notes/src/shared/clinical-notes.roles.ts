import { applyDecorators } from '@nestjs/common';
import { ApiExtension, ApiForbiddenResponse } from '@nestjs/swagger';
import { CLINICAL_ROLES, Roles, type Role } from '@iop/platform';

/*
 * The role-to-route matrix of clinical notes (docs/ARCHITECTURE.md, "Roles"). Front desk, analysts,
 * integrators and intake never read clinical content; admins configure documentation rules but read no notes.
 */
export const NOTE_READERS: Role[] = [...CLINICAL_ROLES];
export const NOTE_WRITERS: Role[] = [...CLINICAL_ROLES];
/** Treatment plans are written by the treating clinicians, not by nurses. */
export const PLAN_AUTHORS: Role[] = ['clinician', 'supervisor', 'psychiatrist'];
export const COSIGNERS: Role[] = ['supervisor'];
export const SETTINGS_ADMINS: Role[] = ['admin'];
/** Worklists and tamper checks carry no clinical content: compliance (admin) sees them too. */
export const COMPLIANCE_READERS: Role[] = [...CLINICAL_ROLES, 'admin'];
/** SUD counseling notes are written by counselors and prescribers, and read only by their author and grantees. */
export const COUNSELING_AUTHORS: Role[] = ['clinician', 'supervisor', 'psychiatrist'];
/** Reassessments re-rate ASAM dimensions: a clinical judgement of the treating clinicians. */
export const ASSESSORS: Role[] = ['clinician', 'supervisor', 'psychiatrist'];

/** @Roles plus the same list in the OpenAPI document (`x-roles`), so the published matrix is the enforced one. */
export const AllowRoles = (...roles: Role[]) =>
  applyDecorators(Roles(...roles), ApiExtension('x-roles', roles), ApiForbiddenResponse({ description: `Roles other than: ${roles.join(', ')}.` }));
