import { assertNever } from '@iop/decider';
import type { GoalStatus } from '@iop/domain-events';
import type { Problem, TreatmentPlanEvent } from './treatment-plan.events';

type Plan = {
  planId: string; episodeId: string; patientId: string; version: number; author: string; problems: readonly Problem[];
  /** Keyed by goal id across versions: a goal carried into a revision keeps its status. */
  goalStatuses: Readonly<Record<string, GoalStatus>>;
  signedVersion: number;
  signedGoalIds: readonly string[];
  acknowledgedVersion: number;
  lastSignedAt?: string;
  lastReviewedAt?: string;
  /** Events folded so far: the ETag clients send back in If-Match. */
  revision: number;
};

export type TreatmentPlanState = { status: 'none'; revision: number } | ({ status: 'draft' } & Plan) | ({ status: 'signed' } & Plan);

export const initialState = (): TreatmentPlanState => ({ status: 'none', revision: 0 });

export const goalIdsOf = (problems: readonly Problem[]): string[] => problems.flatMap((p) => p.goals.map((g) => g.goalId));

const withNewGoals = (statuses: Plan['goalStatuses'], problems: readonly Problem[]) =>
  Object.fromEntries(goalIdsOf(problems).map((id) => [id, statuses[id] ?? 'not-started'])) as Plan['goalStatuses'];

export function evolve(state: TreatmentPlanState, event: TreatmentPlanEvent): TreatmentPlanState {
  const revision = state.revision + 1;
  if (event.type === 'TreatmentPlanDrafted') {
    const { planId, episodeId, patientId, version, author, problems } = event.data;
    const goalStatuses = withNewGoals({}, problems);
    const unsigned = { signedVersion: 0, signedGoalIds: [], acknowledgedVersion: 0 };
    return { status: 'draft', planId, episodeId, patientId, version, author, problems, goalStatuses, ...unsigned, revision };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'TreatmentPlanRevised': {
      const { version, author, problems } = event.data;
      const goalStatuses = { ...state.goalStatuses, ...withNewGoals(state.goalStatuses, problems) };
      return { ...state, status: 'draft', version, author, problems, goalStatuses, revision };
    }
    case 'TreatmentPlanSigned': {
      const signedGoalIds = goalIdsOf(state.problems);
      return { ...state, status: 'signed', signedVersion: event.data.version, signedGoalIds, lastSignedAt: event.data.signedAt, revision };
    }
    case 'TreatmentPlanAcknowledged':
      return { ...state, acknowledgedVersion: event.data.version, revision };
    case 'TreatmentPlanReviewed':
      return { ...state, lastReviewedAt: event.data.reviewedAt, revision };
    case 'GoalStatusChanged':
      return { ...state, goalStatuses: { ...state.goalStatuses, [event.data.goalId]: event.data.to }, revision };
    default:
      return assertNever(event);
  }
}
