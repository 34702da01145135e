import type { TreatmentPlanState } from '../domain/treatment-plan/treatment-plan.state';

type Plan = Exclude<TreatmentPlanState, { status: 'none' }>;

/** The current version with each goal's status; `signedVersion` says which version is in force. */
export function treatmentPlanView(plan: Plan) {
  const { planId, episodeId, patientId, status, version, author, signedVersion, acknowledgedVersion, lastSignedAt, lastReviewedAt, revision } = plan;
  const problems = plan.problems.map((p) => ({ ...p, goals: p.goals.map((g) => ({ ...g, status: plan.goalStatuses[g.goalId] })) }));
  return {
    planId, episodeId, patientId, status, version, author, signedVersion, acknowledged: acknowledgedVersion === version && status === 'signed',
    acknowledgedVersion, lastSignedAt: lastSignedAt ?? null, lastReviewedAt: lastReviewedAt ?? null, revision, problems,
  };
}
