import type { TreatmentPlanView } from '../../api/views';
import {
  attendedSessions, consentBody, drugScreenBody, editNoteBody, emptyNote, emptyProblem, endOfDay, measureBody, newNoteBody, noteForm, planBody, planDue, planForm, planProblems, revokeBody, unanswered,
} from './forms';

const plan: TreatmentPlanView = {
  planId: 'p1', episodeId: 'e1', patientId: 'pt1', status: 'signed', version: 2, author: 'demo-clinician', signedVersion: 2,
  acknowledged: false, acknowledgedVersion: 0, lastSignedAt: '2026-12-01T10:00:00Z', lastReviewedAt: null, revision: 4,
  problems: [{
    problemId: 'prob-1', description: 'Relapse risk', asamDimensions: ['d5', 'd3'],
    goals: [{
      goalId: 'goal-1', status: 'in-progress', description: 'Sustain abstinence', targetDate: '2027-01-20',
      objectives: [{ description: 'Attend 12 h weekly', measure: 'attendance report', targetDate: '2026-12-30' }],
      interventions: [{ description: 'Relapse-prevention group', frequency: null, responsibleStaff: 'demo-clinician' }],
    }],
  }],
};

describe('the treatment plan form', () => {
  it('sends back the plan it was made from, keeping problem and goal ids (a revision keeps goal statuses)', () => {
    const body = planBody(planForm(plan));
    expect(body).toEqual({
      problems: [{
        problemId: 'prob-1', description: 'Relapse risk', asamDimensions: ['d3', 'd5'],
        goals: [{
          goalId: 'goal-1', description: 'Sustain abstinence', targetDate: '2027-01-20',
          objectives: [{ description: 'Attend 12 h weekly', measure: 'attendance report', targetDate: '2026-12-30' }],
          interventions: [{ description: 'Relapse-prevention group', responsibleStaff: 'demo-clinician' }],
        }],
      }],
    });
  });

  it('trims what was typed, leaves out an empty frequency and sends no id for new rows', () => {
    const form = planForm(null, { targetDate: '2027-01-31', staff: 'demo-clinician' });
    const p = form.problems[0];
    p.description = '  Anxiety  ';
    p.asamDimensions = ['d3'];
    p.goals[0].description = 'Fewer panic attacks ';
    p.goals[0].objectives[0] = { ...p.goals[0].objectives[0], description: 'GAD-7 below 10', measure: 'GAD-7' };
    p.goals[0].interventions[0] = { ...p.goals[0].interventions[0], description: 'CBT', frequency: ' weekly ' };
    expect(planBody(form).problems[0]).toEqual({
      description: 'Anxiety', asamDimensions: ['d3'],
      goals: [{
        description: 'Fewer panic attacks', targetDate: '2027-01-31',
        objectives: [{ description: 'GAD-7 below 10', measure: 'GAD-7', targetDate: '2027-01-31' }],
        interventions: [{ description: 'CBT', frequency: 'weekly', responsibleStaff: 'demo-clinician' }],
      }],
    });
  });

  it('names the missing parts with the paths the API uses for its own errors', () => {
    const form = { problems: [emptyProblem()] };
    form.problems[0].goals[0].interventions = [];
    expect(planProblems(form)).toEqual({
      'problems.0.description': ['Describe the problem.'],
      'problems.0.asamDimensions': ['Link the problem to at least one ASAM dimension.'],
      'problems.0.goals.0.description': ['Describe the goal.'],
      'problems.0.goals.0.targetDate': ['Give a target date.'],
      'problems.0.goals.0.interventions': ['A goal needs at least one intervention.'],
      'problems.0.goals.0.objectives.0.description': ['Describe the objective.'],
      'problems.0.goals.0.objectives.0.measure': ['Say how it is measured.'],
      'problems.0.goals.0.objectives.0.targetDate': ['Give a target date.'],
    });
    expect(planProblems(planForm(plan))).toEqual({});
    expect(planProblems({ problems: [] })).toEqual({ problems: ['A plan addresses at least one problem.'] });
  });

  it('gives every row its own key', () => {
    const form = planForm(plan);
    const keys = [form.problems[0].key, form.problems[0].goals[0].key, form.problems[0].goals[0].objectives[0].key, form.problems[0].goals[0].interventions[0].key];
    expect(new Set(keys).size).toBe(4);
  });
});

describe('the note form', () => {
  it('sends a crisis assessment with a crisis note only', () => {
    const form = { ...emptyNote(), type: 'crisis' as const, body: 'Synthetic crisis note.', riskLevel: 'high' as const, safetyPlan: ' Call the on-call line ' };
    expect(newNoteBody('e1', form)).toEqual({ episodeId: 'e1', type: 'crisis', body: 'Synthetic crisis note.', crisis: { riskLevel: 'high', safetyPlan: 'Call the on-call line' } });
    expect(newNoteBody('e1', { ...form, type: 'case-management' })).toEqual({ episodeId: 'e1', type: 'case-management', body: 'Synthetic crisis note.' });
    expect(newNoteBody('e1', { ...form, type: 'individual-session', sessionId: 's1' })).toEqual({ episodeId: 'e1', type: 'individual-session', sessionId: 's1', body: 'Synthetic crisis note.' });
  });

  it('edits a draft as read', () => {
    const form = noteForm({ type: 'crisis', body: 'Draft', crisis: { riskLevel: 'low' } as never });
    expect(form).toEqual({ type: 'crisis', sessionId: null, body: 'Draft', riskLevel: 'low', safetyPlan: '' });
    expect(editNoteBody({ ...form, body: 'Draft, more' })).toEqual({ body: 'Draft, more', crisis: { riskLevel: 'low' } });
  });
});

describe('the consent forms', () => {
  it('grants the chosen categories in the ledger\'s order, with the expiry at the end of the day in the browser\'s zone', () => {
    const body = consentBody({ recipient: ' payer:acme-health ', purpose: 'payment', information: ['measures', 'admission'], expiresOn: '2027-03-07' }, 300);
    expect(body).toEqual({ recipient: 'payer:acme-health', purpose: 'payment', information: ['admission', 'measures'], expiresAt: '2027-03-07T23:59:59-05:00' });
    expect(consentBody({ recipient: 'a', purpose: 'b', information: ['notes'], expiresOn: '' }, 0)).toEqual({ recipient: 'a', purpose: 'b', information: ['notes'] });
  });

  it('writes offsets east and west of UTC', () => {
    expect(endOfDay('2027-01-01', -330)).toBe('2027-01-01T23:59:59+05:30');
    expect(endOfDay('2027-01-01', 0)).toBe('2027-01-01T23:59:59+00:00');
  });

  it('revokes in full when every covered category is chosen, in part otherwise', () => {
    expect(revokeBody(['admission', 'measures'], ['measures', 'admission'])).toEqual({});
    expect(revokeBody(['admission', 'measures', 'notes'], ['notes'])).toEqual({ information: ['notes'] });
  });
});

describe('the measure form', () => {
  it('sends the answers as numbers once every item is answered', () => {
    const answers = ['0', '1', '2', '3', '0', '1', '2'];
    expect(measureBody('e1', 'GAD-7', answers)).toEqual({ episodeId: 'e1', instrument: 'GAD-7', answers: [0, 1, 2, 3, 0, 1, 2] });
    expect(measureBody('e1', 'PHQ-9', answers)).toBeNull();
    expect(unanswered('PHQ-9', answers)).toEqual([8, 9]);
  });
});

describe('when the plan is due', () => {
  const settings = { planDueDays: 7, planReviewDays: 30 };
  it('owes the initial plan a week after the first day until a version is signed', () => {
    expect(planDue(null, settings, '2026-11-30', '2026-12-07')).toEqual({ what: 'initial-plan', dueDate: '2026-12-07', overdue: false });
    expect(planDue({ signedVersion: 0, lastSignedAt: null, lastReviewedAt: null }, settings, '2026-11-30', '2026-12-08')).toMatchObject({ overdue: true });
    expect(planDue(null, settings, null, '2026-12-08')).toBeNull();
  });

  it('owes a review after the later of the last signature and the last review', () => {
    expect(planDue({ signedVersion: 1, lastSignedAt: '2026-11-01T23:30:00-05:00', lastReviewedAt: null }, settings, '2026-10-30', '2026-12-01'))
      .toEqual({ what: 'review', dueDate: '2026-12-02', overdue: false });
    expect(planDue({ signedVersion: 2, lastSignedAt: '2026-10-01T10:00:00Z', lastReviewedAt: '2026-10-20T10:00:00Z' }, settings, null, '2026-11-20'))
      .toEqual({ what: 'review', dueDate: '2026-11-19', overdue: true });
  });
});

describe('the drug screen form', () => {
  it('sends the analytes tested, in the panel\'s order, and nothing when none was', () => {
    expect(drugScreenBody('e1', '2026-12-05', { thc: 'positive', fentanyl: 'negative', cocaine: null })).toEqual({
      episodeId: 'e1', collectedOn: '2026-12-05', results: [{ analyte: 'fentanyl', result: 'negative' }, { analyte: 'thc', result: 'positive' }],
    });
    expect(drugScreenBody('e1', '2026-12-05', {})).toBeNull();
  });
});

describe('the sessions a note can document', () => {
  it('are the attended ones, latest first', () => {
    const at = (sessionId: string, startsAt: string, status: string | null) => ({ sessionId, type: 'group-therapy', startsAt, attendance: status ? { status } : null });
    expect(attendedSessions([
      at('a', '2026-12-01T18:00:00-05:00', 'present'), at('b', '2026-12-02T18:00:00-05:00', 'absent-excused'),
      at('c', '2026-12-03T18:00:00-05:00', 'late'), at('d', '2026-12-07T18:00:00-05:00', null),
    ]).map((s) => s.sessionId)).toEqual(['c', 'a']);
  });
});
