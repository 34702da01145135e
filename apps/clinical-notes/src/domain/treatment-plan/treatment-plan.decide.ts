import { conflict, forbidden, invalid, notFound, type CommandMetadata, type Decider } from '@iop/decider';
import type { GoalStatus } from '@iop/domain-events';
import { assignIds, careProblems, diagnosisProblems, planContentProblems, plannedCareOf, type KnownDiagnosis, type ProblemInput } from './plan-content.rules';
import type { TreatmentPlanAcknowledged, TreatmentPlanEvent } from './treatment-plan.events';
import { evolve, goalIdsOf, initialState, type TreatmentPlanState } from './treatment-plan.state';

type Method = TreatmentPlanAcknowledged['data']['method'];
type NoData = Record<string, never>;
/** The diagnoses the problems name, as far as clinical notes knows them (read by the caller, by id). */
type Diagnoses = Readonly<Record<string, KnownDiagnosis>>;

export type TreatmentPlanCommand =
  | { type: 'DraftTreatmentPlan'; data: { planId: string; episodeId: string; patientId: string; problems: ProblemInput[]; diagnoses?: Diagnoses }; metadata: CommandMetadata }
  | { type: 'ReviseTreatmentPlan'; data: { problems: ProblemInput[]; expectedRevision?: number; diagnoses?: Diagnoses }; metadata: CommandMetadata }
  | { type: 'SignTreatmentPlan'; data: NoData; metadata: CommandMetadata }
  | { type: 'AcknowledgeTreatmentPlan'; data: { method: Method }; metadata: CommandMetadata }
  | { type: 'ReviewTreatmentPlan'; data: NoData; metadata: CommandMetadata }
  | { type: 'ChangeGoalStatus'; data: { goalId: string; status: GoalStatus }; metadata: CommandMetadata };

type Plan = Exclude<TreatmentPlanState, { status: 'none' }>;
type Known = Parameters<typeof assignIds>[1];
type Of<T extends TreatmentPlanCommand['type']> = Extract<TreatmentPlanCommand, { type: T }>;

function content(problems: ProblemInput[], known: Known, metadata: CommandMetadata, episode: { episodeId: string; diagnoses?: Diagnoses }) {
  const errors = [...planContentProblems(problems), ...diagnosisProblems(problems, episode.episodeId, episode.diagnoses ?? {}), ...careProblems(problems, metadata.actor)];
  const assigned = assignIds(problems, known, metadata.ids ?? []);
  errors.push(...assigned.errors);
  if (errors.length) throw invalid('The treatment plan is not valid.', errors, 'invalid-plan');
  return assigned.problems;
}

export function decide(command: TreatmentPlanCommand, state: TreatmentPlanState): TreatmentPlanEvent[] {
  if (command.type === 'DraftTreatmentPlan') return draft(command, state);
  if (state.status === 'none') throw notFound('No such treatment plan.');
  switch (command.type) {
    case 'ReviseTreatmentPlan':
      return revise(command, state);
    case 'SignTreatmentPlan':
      return sign(command, state);
    case 'AcknowledgeTreatmentPlan':
      return acknowledge(command, state);
    case 'ReviewTreatmentPlan':
      return review(command, state);
    case 'ChangeGoalStatus':
      return changeGoalStatus(command, state);
  }
}

function draft(command: Of<'DraftTreatmentPlan'>, state: TreatmentPlanState): TreatmentPlanEvent[] {
  if (state.status !== 'none') throw conflict('This episode has a treatment plan already: revise it instead.', 'plan-exists');
  const problems = content(command.data.problems, { problems: new Set(), goals: new Set() }, command.metadata, command.data);
  const { planId, episodeId, patientId } = command.data;
  const { now, actor } = command.metadata;
  return [{ type: 'TreatmentPlanDrafted', data: { planId, episodeId, patientId, version: 1, author: actor.subject, problems, draftedAt: now } }];
}

function revise(command: Of<'ReviseTreatmentPlan'>, state: Plan): TreatmentPlanEvent[] {
  const { expectedRevision } = command.data;
  if (expectedRevision !== undefined && expectedRevision !== state.revision) {
    throw conflict('The plan changed since you read it (If-Match).', 'stale-revision');
  }
  const known = { problems: new Set(state.problems.map((p) => p.problemId)), goals: new Set(Object.keys(state.goalStatuses)) };
  const problems = content(command.data.problems, known, command.metadata, { episodeId: state.episodeId, diagnoses: command.data.diagnoses });
  // Revising a signed plan starts the next version; the signed one stays as it was signed.
  const version = state.status === 'signed' ? state.version + 1 : state.version;
  const { now, actor } = command.metadata;
  return [{ type: 'TreatmentPlanRevised', data: { planId: state.planId, version, author: actor.subject, problems, revisedAt: now } }];
}

function sign(command: Of<'SignTreatmentPlan'>, state: Plan): TreatmentPlanEvent[] {
  if (state.status === 'signed') throw conflict(`Version ${state.version} is signed already.`, 'plan-signed');
  const { now, actor } = command.metadata;
  if (state.author !== actor.subject) throw forbidden('Only the clinician who wrote this version signs it.');
  const { planId, episodeId, patientId, version } = state;
  const goalCount = goalIdsOf(state.problems).length;
  const care = plannedCareOf(state.problems);
  return [{ type: 'TreatmentPlanSigned', data: { planId, episodeId, patientId, version, goalCount, signedBy: actor.subject, signedAt: now, care } }];
}

function acknowledge(command: Of<'AcknowledgeTreatmentPlan'>, state: Plan): TreatmentPlanEvent[] {
  if (state.status === 'draft') throw conflict('The patient acknowledges a signed plan: sign it first.', 'plan-draft');
  if (state.acknowledgedVersion === state.version) throw conflict(`The patient acknowledged version ${state.version} already.`, 'plan-acknowledged');
  const { now, actor } = command.metadata;
  const data = { planId: state.planId, version: state.version, method: command.data.method, recordedBy: actor.subject, acknowledgedAt: now };
  return [{ type: 'TreatmentPlanAcknowledged', data }];
}

function review(command: Of<'ReviewTreatmentPlan'>, state: Plan): TreatmentPlanEvent[] {
  if (state.status === 'draft') throw conflict('A revision is in draft: signing it completes the review.', 'plan-draft');
  const { now, actor } = command.metadata;
  return [{ type: 'TreatmentPlanReviewed', data: { planId: state.planId, version: state.version, reviewedBy: actor.subject, reviewedAt: now } }];
}

function changeGoalStatus(command: Of<'ChangeGoalStatus'>, state: Plan): TreatmentPlanEvent[] {
  const { goalId, status } = command.data;
  if (state.signedVersion === 0) throw conflict('Goals are tracked once the plan is signed.', 'plan-draft');
  if (!state.signedGoalIds.includes(goalId)) throw notFound(`No goal ${goalId} in the signed plan.`);
  const from = state.goalStatuses[goalId];
  if (from === status) return [];
  const { planId, episodeId, patientId } = state;
  return [{ type: 'GoalStatusChanged', data: { planId, goalId, episodeId, patientId, from, to: status, changedAt: command.metadata.now } }];
}

export const treatmentPlanDecider: Decider<TreatmentPlanCommand, TreatmentPlanEvent, TreatmentPlanState> = { decide, evolve, initialState };
/** One plan per episode: the stream is keyed by the episode, so a second plan is a conflict, not a race. */
export const treatmentPlanStream = (episodeId: string) => ({ id: `treatment-plan-${episodeId}`, type: 'treatment-plan' });
