import { given, type CommandMetadata } from '@iop/decider';
import type { ProblemInput } from './plan-content.rules';
import { treatmentPlanDecider, type TreatmentPlanCommand } from './treatment-plan.decide';
import type { Problem, TreatmentPlanEvent } from './treatment-plan.events';

const meta = (subject = 'alice', ids: string[] = [], roles = ['clinician']): CommandMetadata => ({ now: '2026-03-12T19:00:00.000Z', tenantId: 't1', actor: { subject, roles }, correlationId: 'c1', ids });
const goal = { description: 'Abstinence from alcohol', targetDate: '2026-05-01', objectives: [{ description: 'Negative breathalyzer', measure: 'weekly test', targetDate: '2026-04-01' }], interventions: [{ description: 'CBT relapse prevention', frequency: 'weekly', responsibleStaff: 'alice' }] };
const input: ProblemInput[] = [{ description: 'Alcohol use disorder, moderate', asamDimensions: ['d5'], goals: [goal] }];
const problems: Problem[] = [{ problemId: 'pr1', description: 'Alcohol use disorder, moderate', asamDimensions: ['d5'], goals: [{ goalId: 'g1', ...goal }] }];
const ids = { planId: 'pl1', episodeId: 'e1', patientId: 'p1' };

const drafted: TreatmentPlanEvent = { type: 'TreatmentPlanDrafted', data: { ...ids, version: 1, author: 'alice', problems, draftedAt: '2026-03-12T19:00:00.000Z' } };
const signed: TreatmentPlanEvent = { type: 'TreatmentPlanSigned', data: { ...ids, version: 1, goalCount: 1, signedBy: 'alice', signedAt: '2026-03-12T19:00:00.000Z', care: [] } };
const cmd = (type: 'SignTreatmentPlan' | 'ReviewTreatmentPlan', subject = 'alice'): TreatmentPlanCommand => ({ type, data: {}, metadata: meta(subject) });
const goalStatus = (goalId: string, status: 'achieved' | 'in-progress'): TreatmentPlanCommand => ({ type: 'ChangeGoalStatus', data: { goalId, status }, metadata: meta() });

describe('no plan', () => {
  it('drafts version 1 with minted ids for problems and goals', () =>
    given(treatmentPlanDecider).when({ type: 'DraftTreatmentPlan', data: { ...ids, problems: input }, metadata: meta('alice', ['g1', 'pr1']) }).then([drafted]));
  it('refuses a goal without a measurable objective', () => {
    const bad = [{ ...input[0], goals: [{ ...goal, objectives: [] }] }];
    given(treatmentPlanDecider).when({ type: 'DraftTreatmentPlan', data: { ...ids, problems: bad }, metadata: meta('alice', ['a', 'b']) }).thenThrows('invalid');
  });
  it('cannot be signed', () => given(treatmentPlanDecider).when(cmd('SignTreatmentPlan')).thenThrows('not-found'));
});

describe('draft', () => {
  it('a second plan for the episode is a conflict', () =>
    given(treatmentPlanDecider, [drafted]).when({ type: 'DraftTreatmentPlan', data: { ...ids, problems: input }, metadata: meta('alice', ['x', 'y']) }).thenThrows('conflict', 'revise'));
  it('is signed by its author, with the goal count', () => given(treatmentPlanDecider, [drafted]).when(cmd('SignTreatmentPlan')).then([signed]));
  it('is not signed by another clinician', () => given(treatmentPlanDecider, [drafted]).when(cmd('SignTreatmentPlan', 'bob')).thenThrows('forbidden'));
  it('is not acknowledged before signing', () =>
    given(treatmentPlanDecider, [drafted]).when({ type: 'AcknowledgeTreatmentPlan', data: { method: 'signature' }, metadata: meta() }).thenThrows('conflict', 'sign it first'));
  it('has no goal status to change yet', () => given(treatmentPlanDecider, [drafted]).when(goalStatus('g1', 'in-progress')).thenThrows('conflict'));
});

describe('signed', () => {
  it('publishes a goal status change with where it came from', () =>
    given(treatmentPlanDecider, [drafted, signed]).when(goalStatus('g1', 'in-progress')).then([{
      type: 'GoalStatusChanged', data: { planId: 'pl1', goalId: 'g1', episodeId: 'e1', patientId: 'p1', from: 'not-started', to: 'in-progress', changedAt: '2026-03-12T19:00:00.000Z' },
    }]));
  it('ignores a status that is already current, 404s an unknown goal', () => {
    const started: TreatmentPlanEvent = { type: 'GoalStatusChanged', data: { planId: 'pl1', goalId: 'g1', episodeId: 'e1', patientId: 'p1', from: 'not-started', to: 'in-progress', changedAt: '2026-03-12T19:00:00.000Z' } };
    given(treatmentPlanDecider, [drafted, signed, started]).when(goalStatus('g1', 'in-progress')).then([]);
    given(treatmentPlanDecider, [drafted, signed]).when(goalStatus('nope', 'achieved')).thenThrows('not-found');
  });
  it('is acknowledged once per version', () => {
    const ack: TreatmentPlanCommand = { type: 'AcknowledgeTreatmentPlan', data: { method: 'verbal' }, metadata: meta('nina', [], ['nurse']) };
    const acknowledged: TreatmentPlanEvent = { type: 'TreatmentPlanAcknowledged', data: { planId: 'pl1', version: 1, method: 'verbal', recordedBy: 'nina', acknowledgedAt: '2026-03-12T19:00:00.000Z' } };
    given(treatmentPlanDecider, [drafted, signed]).when(ack).then([acknowledged]);
    given(treatmentPlanDecider, [drafted, signed, acknowledged]).when(ack).thenThrows('conflict');
  });
  it('is reviewed', () =>
    given(treatmentPlanDecider, [drafted, signed]).when(cmd('ReviewTreatmentPlan', 'bob')).then([{ type: 'TreatmentPlanReviewed', data: { planId: 'pl1', version: 1, reviewedBy: 'bob', reviewedAt: '2026-03-12T19:00:00.000Z' } }]));
  it('a revision starts version 2 and keeps goal ids it names', () => {
    const kept = [{ ...input[0], problemId: 'pr1', goals: [{ ...goal, goalId: 'g1' }, { ...goal, description: 'Return to work' }] }];
    const events = given(treatmentPlanDecider, [drafted, signed]).when({ type: 'ReviseTreatmentPlan', data: { problems: kept }, metadata: meta('bob', ['g2']) }).events();
    expect(events[0]).toMatchObject({ type: 'TreatmentPlanRevised', data: { version: 2, author: 'bob' } });
    expect((events[0].data as { problems: Problem[] }).problems[0].goals.map((g) => g.goalId)).toEqual(['g1', 'g2']);
  });
  it('a revision naming a goal the plan never had is invalid', () => {
    const alien = [{ ...input[0], goals: [{ ...goal, goalId: 'alien' }] }];
    given(treatmentPlanDecider, [drafted, signed]).when({ type: 'ReviseTreatmentPlan', data: { problems: alien }, metadata: meta('bob', ['x']) }).thenThrows('invalid');
  });
  it('is not signed twice', () => given(treatmentPlanDecider, [drafted, signed]).when(cmd('SignTreatmentPlan')).thenThrows('conflict'));
});

describe('structured care', () => {
  const therapy = { description: 'Individual CBT', responsibleStaff: 'alice', service: 'individual-therapy' as const, cadence: 'weekly' as const, durationMinutes: 50, responsibleRole: 'clinician' as const };
  const withCare = (interventions: object[]): ProblemInput[] => [{ ...input[0], diagnosisId: 'd1a9c0e2-4b6d-4f8a-9c1e-3b5d7f9a1c3e', goals: [{ ...goal, interventions } as ProblemInput['goals'][0]] }];
  const draft = (problems: ProblemInput[], roles = ['clinician']): TreatmentPlanCommand => ({ type: 'DraftTreatmentPlan', data: { ...ids, problems }, metadata: meta('alice', ['g1', 'pr1'], roles) });

  it('is kept with the plan (and the problem\'s diagnosis), and its codes are signed with the version', () => {
    const [written] = given(treatmentPlanDecider).when(draft(withCare([therapy, goal.interventions[0]]))).events();
    const problem = (written.data as { problems: Problem[] }).problems[0];
    expect(problem.diagnosisId).toBe('d1a9c0e2-4b6d-4f8a-9c1e-3b5d7f9a1c3e');
    expect(problem.goals[0].interventions).toEqual([therapy, goal.interventions[0]]);
    given(treatmentPlanDecider, [written]).when(cmd('SignTreatmentPlan')).then([{
      type: 'TreatmentPlanSigned',
      data: { ...ids, version: 1, goalCount: 1, signedBy: 'alice', signedAt: '2026-03-12T19:00:00.000Z', care: [
        { goalId: 'g1', service: 'individual-therapy', cadence: 'weekly', durationMinutes: 50, staffId: 'alice', staffRole: 'clinician' },
      ] },
    }]);
  });

  it('a plan written before structured care signs with no care', () => {
    given(treatmentPlanDecider, [drafted]).when(cmd('SignTreatmentPlan')).then([signed]);
  });
});
