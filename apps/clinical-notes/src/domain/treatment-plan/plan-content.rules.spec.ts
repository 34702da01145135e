import { careProblems, diagnosisProblems, plannedCareOf, type ProblemInput } from './plan-content.rules';
import type { Intervention, Problem } from './treatment-plan.events';

const plan = (...interventions: Intervention[]): ProblemInput[] => [{
  description: 'Opioid use disorder', asamDimensions: ['d5'],
  goals: [{ description: 'Abstinence', targetDate: '2026-05-01', objectives: [{ description: 'Negative screens', measure: 'weekly UDS', targetDate: '2026-04-01' }], interventions }],
}];
const author = { subject: 'alice', roles: ['clinician'] };
const at = (k: number, field: string) => `problems.0.goals.0.interventions.${k}.${field}`;
const paths = (problems: ProblemInput[], who = author) => careProblems(problems, who).map((e) => e.path);
const therapy: Intervention = { description: 'CBT', responsibleStaff: 'alice', service: 'individual-therapy', cadence: 'weekly', durationMinutes: 50, responsibleRole: 'clinician' };

describe('structured interventions', () => {
  it('accepts free text as before, and a complete structured intervention', () => {
    expect(paths(plan({ description: 'Relapse-prevention group', frequency: '4x weekly', responsibleStaff: 'the group counselor' }, therapy))).toEqual([]);
  });

  it('needs a cadence, a duration in 5-minute steps and a staff id with a service', () => {
    const { cadence: _c, ...noCadence } = therapy;
    expect(paths(plan(noCadence, { ...therapy, durationMinutes: 52 }, { ...therapy, durationMinutes: 200 }, { ...therapy, responsibleStaff: 'Dr. Lee (psych)' }))).toEqual([
      at(0, 'cadence'), at(1, 'durationMinutes'), at(2, 'durationMinutes'), at(3, 'responsibleStaff'),
    ]);
  });

  it('refuses cadence, duration or role on a free-text intervention (they would book nothing)', () => {
    expect(paths(plan({ description: 'Walks', responsibleStaff: 'alice', cadence: 'weekly', durationMinutes: 30 }))).toEqual([at(0, 'cadence'), at(0, 'durationMinutes')]);
  });

  it("asks for a role that fits the service: a psychiatrist's or medical director's consultation, a clinician's or counselor's therapy", () => {
    const consult = (role: Intervention['responsibleRole']): Intervention => ({ ...therapy, service: 'psychiatric-consultation', responsibleStaff: 'dr-lee', responsibleRole: role });
    expect(paths(plan(consult('psychiatrist'), consult('medical-director'), { ...therapy, service: 'case-management', responsibleRole: 'case-manager', responsibleStaff: 'cm-joe' }))).toEqual([]);
    expect(paths(plan(consult('clinician'), { ...therapy, service: 'family-therapy', responsibleRole: 'nurse' }, { ...therapy, responsibleRole: undefined }))).toEqual([
      at(0, 'responsibleRole'), at(1, 'responsibleRole'), at(2, 'responsibleRole'),
    ]);
    const [error] = careProblems(plan(consult('clinician')), author);
    expect(error.message).toBe('psychiatric-consultation is delivered by psychiatrist, medical-director, not clinician');
  });

  it('an author naming themselves must hold the role they name', () => {
    expect(paths(plan({ ...therapy, service: 'psychiatric-consultation', responsibleRole: 'psychiatrist' }))).toEqual([at(0, 'responsibleRole')]);
    expect(paths(plan({ ...therapy, service: 'psychiatric-consultation', responsibleRole: 'psychiatrist' }), { subject: 'alice', roles: ['psychiatrist'] })).toEqual([]);
    // Counselor is a care-team role the platform's tokens do not carry: the plan's word is taken.
    expect(paths(plan({ ...therapy, responsibleRole: 'counselor' }))).toEqual([]);
  });

  it('signs the structured interventions as codes, in plan order, without their wording', () => {
    const problems = plan(therapy, { description: 'Journal', responsibleStaff: 'alice' }).map((p, i): Problem => ({ ...p, problemId: `p${i}`, goals: p.goals.map((g) => ({ ...g, goalId: 'g1' })) }));
    expect(plannedCareOf(problems)).toEqual([{ goalId: 'g1', service: 'individual-therapy', cadence: 'weekly', durationMinutes: 50, staffId: 'alice', staffRole: 'clinician' }]);
  });
});

describe('a problem\'s diagnosis', () => {
  const named = (diagnosisId: string): ProblemInput[] => plan(therapy).map((p) => ({ ...p, diagnosisId }));
  const known = { d1: { episodeId: 'e1', status: 'active' as const }, d2: { episodeId: 'e2', status: 'active' as const }, d3: { episodeId: 'e1', status: 'removed' as const }, d4: { episodeId: 'e1', status: 'resolved' as const } };

  it("is one of the episode's, not removed, when clinical notes knows it; an unknown one is kept as a reference", () => {
    expect(diagnosisProblems(named('d1'), 'e1', known)).toEqual([]);
    expect(diagnosisProblems(named('d4'), 'e1', known)).toEqual([]);
    expect(diagnosisProblems(named('unknown'), 'e1', known)).toEqual([]);
    expect(diagnosisProblems(named('d2'), 'e1', known)).toEqual([{ path: 'problems.0.diagnosisId', message: 'is a diagnosis of another episode' }]);
    expect(diagnosisProblems(named('d3'), 'e1', known)).toEqual([{ path: 'problems.0.diagnosisId', message: 'was removed as entered in error' }]);
  });
});

