import { GOAL_STATUSES, type GoalStatus } from '../codes';
import { defineContract } from '../contract';
import { EXAMPLE_IDS as ids } from '../example-ids';
import { episodeId, patientId } from '../fields';
import { dateTime, enumOf, integer, uuid } from '../schema';

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
