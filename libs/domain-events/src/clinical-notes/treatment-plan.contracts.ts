import { GOAL_STATUSES, type GoalStatus } from '../codes';
import { defineContract } from '../contract';
import { EXAMPLE_IDS as ids } from '../example-ids';
import { episodeId, patientId, staffId } from '../fields';
import { arrayOf, dateTime, enumOf, integer, objectSchema, uuid } from '../schema';

/** Counts and statuses only: goal wording and interventions are clinical text that stays in clinical-notes. */
export type TreatmentPlanSigned = {
  planId: string;
  episodeId: string;
  patientId: string;
  version: number;
  goalCount: number;
  signedAt: string;
};

export const treatmentPlanSignedV1 = defineContract<TreatmentPlanSigned>()({
  service: 'clinical-notes',
  name: 'TreatmentPlanSigned',
  consentCategory: 'treatment-plan',
  version: 1,
  key: 'episodeId',
  description:
    'A version of the episode\'s individualized treatment plan was signed. Only counts travel: the goals\' ' +
    'wording stays in clinical-notes.',
  required: ['planId', 'episodeId', 'patientId', 'version', 'goalCount', 'signedAt'],
  properties: {
    planId: uuid('Treatment plan.'),
    episodeId,
    patientId,
    version: integer('Plan version, 1 for the first signed plan (amendments add versions).', { minimum: 1 }),
    goalCount: integer('Number of goals in this version.', { minimum: 0 }),
    signedAt: dateTime('When the plan was signed.'),
  },
  example: {
    planId: ids.planId,
    episodeId: ids.episodeId,
    patientId: ids.patientId,
    version: 1,
    goalCount: 3,
    signedAt: '2025-03-12T19:40:00-04:00',
  },
});

export type GoalStatusChanged = {
  planId: string;
  goalId: string;
  episodeId: string;
  patientId: string;
  from: GoalStatus;
  to: GoalStatus;
  changedAt: string;
};

export const goalStatusChangedV1 = defineContract<GoalStatusChanged>()({
  service: 'clinical-notes',
  name: 'GoalStatusChanged',
  consentCategory: 'treatment-plan',
  version: 1,
  key: 'episodeId',
  description:
    'A treatment-plan goal changed status. Admissions weighs goal status in continued-stay reviews (goals ' +
    'achieved suggests step-down).',
  required: ['planId', 'goalId', 'episodeId', 'patientId', 'from', 'to', 'changedAt'],
  properties: {
    planId: uuid('Treatment plan the goal belongs to.'),
    goalId: uuid('Goal.'),
    episodeId,
    patientId,
    from: enumOf(GOAL_STATUSES, 'Previous status.'),
    to: enumOf(GOAL_STATUSES, 'New status.'),
    changedAt: dateTime('When the status changed.'),
  },
  example: {
    planId: ids.planId,
    goalId: ids.goalId,
    episodeId: ids.episodeId,
    patientId: ids.patientId,
    from: 'in-progress',
    to: 'achieved',
    changedAt: '2025-04-21T19:10:00-04:00',
  },
});

/**
 * The services a treatment plan can order as structured care, each booked by scheduling as sessions of that type
 * (docs/DOMAIN.md section 9). An intervention without one stays free text and books nothing.
 */
export const PLAN_SERVICES = ['individual-therapy', 'family-therapy', 'psychiatric-consultation', 'case-management'] as const;
export type PlanService = (typeof PLAN_SERVICES)[number];

/** How often a structured intervention meets: every week, every other week, or every fourth week ("monthly"). */
export const CARE_CADENCES = ['weekly', 'every-2-weeks', 'monthly'] as const;
export type CareCadence = (typeof CARE_CADENCES)[number];

/**
 * The role in which the responsible staff member delivers the care. The platform's clinical roles, plus the care
 * team's `counselor` and `case-manager` (who may hold no role of their own in the platform).
 */
export const CARE_STAFF_ROLES = ['clinician', 'counselor', 'supervisor', 'psychiatrist', 'medical-director', 'case-manager', 'nurse'] as const;
export type CareStaffRole = (typeof CARE_STAFF_ROLES)[number];

/** Durations a plan may give a session, in minutes. */
export const CARE_DURATION_MINUTES = { minimum: 15, maximum: 180 } as const;

export type PlannedCare = {
  goalId: string;
  service: PlanService;
  cadence: CareCadence;
  durationMinutes: number;
  staffId: string;
  staffRole: CareStaffRole;
};

const plannedCare = objectSchema<PlannedCare>()({
  description: 'One structured intervention of the plan: codes, a duration and who delivers it; never its wording.',
  required: ['goalId', 'service', 'cadence', 'durationMinutes', 'staffId', 'staffRole'],
  properties: {
    goalId: uuid('Goal the intervention serves.'),
    service: enumOf(PLAN_SERVICES, 'Session type scheduling books for it.'),
    cadence: enumOf(CARE_CADENCES, 'weekly; every-2-weeks; monthly = every fourth week, counted from the week the plan takes effect.'),
    durationMinutes: integer('Length of each session.', CARE_DURATION_MINUTES),
    staffId: { ...staffId, description: 'The responsible staff member (token subject), who facilitates the sessions.' },
    staffRole: enumOf(CARE_STAFF_ROLES, 'Role in which they deliver it; the plan rules checked that it fits the service.'),
  },
});

/**
 * The care a signed plan version orders, for scheduling to book. A separate event next to TreatmentPlanSigned (which
 * stays counts only and keeps its consumers): this one carries the structured interventions as codes, every
 * version, even when it has none (a revision that drops the last one cancels what the previous version booked).
 */
export type TreatmentPlanCareSet = {
  planId: string;
  episodeId: string;
  patientId: string;
  version: number;
  effectiveFrom: string;
  interventions: PlannedCare[];
  signedAt: string;
};

export const treatmentPlanCareSetV1 = defineContract<TreatmentPlanCareSet>()({
  service: 'clinical-notes',
  name: 'TreatmentPlanCareSet',
  consentCategory: 'treatment-plan',
  version: 1,
  key: 'episodeId',
  description:
    'A signed version of the treatment plan orders this care from effectiveFrom on: each structured intervention ' +
    '(service, cadence, duration, responsible staff and their role). It replaces what earlier versions ordered from ' +
    'that instant; free-text interventions and all wording stay in clinical-notes. Scheduling books the sessions.',
  required: ['planId', 'episodeId', 'patientId', 'version', 'effectiveFrom', 'interventions', 'signedAt'],
  properties: {
    planId: uuid('Treatment plan.'),
    episodeId,
    patientId,
    version: integer('Plan version signed.', { minimum: 1 }),
    effectiveFrom: dateTime('From when this care replaces the previous version\'s (the signing).'),
    interventions: arrayOf(plannedCare, 'The structured interventions of this version, in plan order (empty: none).', { maxItems: 200 }),
    signedAt: dateTime('When the version was signed.'),
  },
  example: {
    planId: ids.planId,
    episodeId: ids.episodeId,
    patientId: ids.patientId,
    version: 1,
    effectiveFrom: '2025-03-12T19:40:00-04:00',
    interventions: [
      { goalId: ids.goalId, service: 'individual-therapy', cadence: 'weekly', durationMinutes: 50, staffId: 'clinician-alice', staffRole: 'clinician' },
      { goalId: ids.goalId, service: 'psychiatric-consultation', cadence: 'monthly', durationMinutes: 30, staffId: 'dr-lee', staffRole: 'psychiatrist' },
    ],
    signedAt: '2025-03-12T19:40:00-04:00',
  },
});
