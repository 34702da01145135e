/**
 * The chart's forms as data: what a form holds, made from what the API answered, and the request body it sends. Pure
 * (no React, no clock: "today" is passed in), so that a form's round trip is unit-tested without a browser.
 */
import type { components as Admissions } from '../../api/admissions';
import type { components as ClinicalNotes } from '../../api/clinical-notes';
import type { components as Outcomes } from '../../api/outcomes';
import type { TreatmentPlanView } from '../../api/views';

type PlanBody = ClinicalNotes['schemas']['TreatmentPlanDto'];
export type Dimension = ClinicalNotes['schemas']['ProblemDto']['asamDimensions'][number];
export const DIMENSIONS: readonly Dimension[] = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6'];
export const DIMENSION_NAMES: Record<Dimension, string> = {
  d1: 'Acute intoxication and withdrawal',
  d2: 'Biomedical conditions',
  d3: 'Emotional, behavioral or cognitive conditions',
  d4: 'Readiness to change',
  d5: 'Relapse, continued use or continued problem potential',
  d6: 'Recovery environment',
};

/*
 * Treatment plan. Every row carries a local `key` (React's key, stable while rows are added and removed); problems and
 * goals read from the API keep their ids, so that a revision keeps a goal and its status.
 */
export type ObjectiveRow = { key: string; description: string; measure: string; targetDate: string };
export type InterventionRow = { key: string; description: string; frequency: string; responsibleStaff: string };
export type GoalRow = { key: string; goalId?: string; description: string; targetDate: string; objectives: ObjectiveRow[]; interventions: InterventionRow[] };
export type ProblemRow = { key: string; problemId?: string; description: string; asamDimensions: Dimension[]; goals: GoalRow[] };
export type PlanForm = { problems: ProblemRow[] };

let counter = 0;
/** A key unique in this page's life (rows are never persisted with it). */
export const rowKey = (): string => `row-${++counter}`;

export const emptyObjective = (targetDate = ''): ObjectiveRow => ({ key: rowKey(), description: '', measure: '', targetDate });
export const emptyIntervention = (responsibleStaff = ''): InterventionRow => ({ key: rowKey(), description: '', frequency: '', responsibleStaff });
export const emptyGoal = (targetDate = '', staff = ''): GoalRow => ({
  key: rowKey(), description: '', targetDate, objectives: [emptyObjective(targetDate)], interventions: [emptyIntervention(staff)],
});
export const emptyProblem = (targetDate = '', staff = ''): ProblemRow => ({ key: rowKey(), description: '', asamDimensions: [], goals: [emptyGoal(targetDate, staff)] });

/** The form for a plan: the plan as read (to revise it), or one empty problem (to draft one). */
export function planForm(plan: TreatmentPlanView | null, defaults: { targetDate?: string; staff?: string } = {}): PlanForm {
  if (!plan) return { problems: [emptyProblem(defaults.targetDate, defaults.staff)] };
  return {
    problems: plan.problems.map((p) => ({
      key: rowKey(),
      problemId: p.problemId,
      description: p.description,
      asamDimensions: [...p.asamDimensions],
      goals: p.goals.map((g) => ({
        key: rowKey(),
        goalId: g.goalId,
        description: g.description,
        targetDate: g.targetDate,
        objectives: g.objectives.map((o) => ({ key: rowKey(), description: o.description, measure: o.measure, targetDate: o.targetDate })),
        interventions: g.interventions.map((i) => ({ key: rowKey(), description: i.description, frequency: i.frequency ?? '', responsibleStaff: i.responsibleStaff })),
      })),
    })),
  };
}

/** The body of POST /v1/episodes/{id}/treatment-plan and PUT /v1/treatment-plans/{id}: trimmed, empty optionals left out. */
export function planBody(form: PlanForm): PlanBody {
  return {
    problems: form.problems.map((p) => ({
      ...(p.problemId ? { problemId: p.problemId } : {}),
      description: p.description.trim(),
      asamDimensions: DIMENSIONS.filter((d) => p.asamDimensions.includes(d)),
      goals: p.goals.map((g) => ({
        ...(g.goalId ? { goalId: g.goalId } : {}),
        description: g.description.trim(),
        targetDate: g.targetDate,
        objectives: g.objectives.map((o) => ({ description: o.description.trim(), measure: o.measure.trim(), targetDate: o.targetDate })),
        interventions: g.interventions.map((i) => ({
          description: i.description.trim(),
          ...(i.frequency.trim() ? { frequency: i.frequency.trim() } : {}),
          responsibleStaff: i.responsibleStaff.trim(),
        })),
      })),
    })),
  };
}

/**
 * What the plan form checks before sending, keyed as the API keys its own errors (`problems.0.goals.1.description`), so
 * that the same fields show both. The API checks it all again.
 */
export function planProblems(form: PlanForm): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const add = (path: string, message: string) => (out[path] ??= []).push(message);
  if (form.problems.length === 0) add('problems', 'A plan addresses at least one problem.');
  form.problems.forEach((p, i) => {
    const at = `problems.${i}`;
    if (!p.description.trim()) add(`${at}.description`, 'Describe the problem.');
    if (p.asamDimensions.length === 0) add(`${at}.asamDimensions`, 'Link the problem to at least one ASAM dimension.');
    if (p.goals.length === 0) add(`${at}.goals`, 'A problem needs at least one goal.');
    p.goals.forEach((g, j) => {
      const goal = `${at}.goals.${j}`;
      if (!g.description.trim()) add(`${goal}.description`, 'Describe the goal.');
      if (!g.targetDate) add(`${goal}.targetDate`, 'Give a target date.');
      if (g.objectives.length === 0) add(`${goal}.objectives`, 'A goal needs at least one measurable objective.');
      if (g.interventions.length === 0) add(`${goal}.interventions`, 'A goal needs at least one intervention.');
      g.objectives.forEach((o, k) => {
        if (!o.description.trim()) add(`${goal}.objectives.${k}.description`, 'Describe the objective.');
        if (!o.measure.trim()) add(`${goal}.objectives.${k}.measure`, 'Say how it is measured.');
        if (!o.targetDate) add(`${goal}.objectives.${k}.targetDate`, 'Give a target date.');
      });
      g.interventions.forEach((iv, k) => {
        if (!iv.description.trim()) add(`${goal}.interventions.${k}.description`, 'Describe the intervention.');
        if (!iv.responsibleStaff.trim()) add(`${goal}.interventions.${k}.responsibleStaff`, 'Name who is responsible.');
      });
    });
  });
  return out;
}

/* Notes. */
export type NoteType = ClinicalNotes['schemas']['CreateNoteDto']['type'];
export type RiskLevel = ClinicalNotes['schemas']['CrisisDto']['riskLevel'];

/** The types a note written from the chart can have: a group note is written from its session, for the whole group. */
export const NOTE_TYPE_OPTIONS: readonly { id: NoteType; label: string }[] = [
  { id: 'individual-session', label: 'Individual session' },
  { id: 'family-session', label: 'Family session' },
  { id: 'psychiatric-consultation', label: 'Psychiatric consultation' },
  { id: 'case-management', label: 'Case management' },
  { id: 'crisis', label: 'Crisis' },
  { id: 'discharge-summary', label: 'Discharge summary' },
];

export const RISK_OPTIONS: readonly { id: RiskLevel; label: string }[] = [
  { id: 'low', label: 'Low' },
  { id: 'moderate', label: 'Moderate' },
  { id: 'high', label: 'High' },
  { id: 'imminent', label: 'Imminent' },
];

/** `sessionId`: the attended session the note documents, if any (a new note only: a draft keeps its session). */
export type NoteForm = { type: NoteType | null; sessionId: string | null; body: string; riskLevel: RiskLevel | null; safetyPlan: string };

export const emptyNote = (): NoteForm => ({ type: null, sessionId: null, body: '', riskLevel: null, safetyPlan: '' });

/** A crisis note carries its assessment; no other type may (the API refuses it). */
function crisisOf(form: NoteForm): ClinicalNotes['schemas']['CrisisDto'] | undefined {
  if (form.type !== 'crisis' || !form.riskLevel) return undefined;
  return { riskLevel: form.riskLevel, ...(form.safetyPlan.trim() ? { safetyPlan: form.safetyPlan.trim() } : {}) };
}

/** POST /v1/notes. */
export function newNoteBody(episodeId: string, form: NoteForm): ClinicalNotes['schemas']['CreateNoteDto'] {
  const crisis = crisisOf(form);
  return { episodeId, type: form.type!, ...(form.sessionId ? { sessionId: form.sessionId } : {}), body: form.body, ...(crisis ? { crisis } : {}) };
}

/** PATCH /v1/notes/{id}: the author's draft, as now typed. */
export function editNoteBody(form: NoteForm): ClinicalNotes['schemas']['EditNoteDto'] {
  const crisis = crisisOf(form);
  return { body: form.body, ...(crisis ? { crisis } : {}) };
}

/** A draft as its edit form starts. */
export function noteForm(note: Pick<ClinicalNotes['schemas']['NoteDto'], 'type' | 'body' | 'crisis'>): NoteForm {
  return { type: note.type, sessionId: null, body: note.body, riskLevel: note.crisis?.riskLevel ?? null, safetyPlan: note.crisis?.safetyPlan ?? '' };
}

/* Part 2 consents. */
export type ConsentCategory = Admissions['schemas']['GrantConsentDto']['information'][number];
export const CONSENT_CATEGORIES: readonly { id: ConsentCategory; label: string }[] = [
  { id: 'admission', label: 'Admission' },
  { id: 'attendance', label: 'Attendance' },
  { id: 'diagnoses', label: 'Diagnoses' },
  { id: 'level-of-care', label: 'Level of care' },
  { id: 'treatment-plan', label: 'Treatment plan' },
  { id: 'notes', label: 'Notes' },
  { id: 'crisis', label: 'Crisis' },
  { id: 'measures', label: 'Measures' },
  { id: 'discharge', label: 'Discharge' },
  { id: 'follow-up', label: 'Follow-up' },
];
export const categoryLabel = (id: string): string => CONSENT_CATEGORIES.find((c) => c.id === id)?.label ?? id;

export type ConsentForm = { recipient: string; purpose: string; information: ConsentCategory[]; expiresOn: string };
export const emptyConsent = (): ConsentForm => ({ recipient: '', purpose: '', information: [], expiresOn: '' });

/** The ledger's codes: lower case letters, digits, `.`, `:` and `-` (e.g. `payer:acme-health`). */
export const CODE = /^[a-z0-9][a-z0-9.:-]*$/;

/**
 * POST /v1/patients/{id}/consents. The expiry is a calendar date on the form: the consent runs to the end of that day in
 * the browser's zone (`offsetMinutes` is `Date.prototype.getTimezoneOffset()` of that day, minutes behind UTC).
 */
export function consentBody(form: ConsentForm, offsetMinutes: number): Admissions['schemas']['GrantConsentDto'] {
  return {
    recipient: form.recipient.trim(),
    purpose: form.purpose.trim(),
    information: CONSENT_CATEGORIES.map((c) => c.id).filter((id) => form.information.includes(id)),
    ...(form.expiresOn ? { expiresAt: endOfDay(form.expiresOn, offsetMinutes) } : {}),
  };
}

/** 23:59:59 of `date` at the given offset, as an ISO instant with that offset (`2026-03-07T23:59:59-05:00`). */
export function endOfDay(date: string, offsetMinutes: number): string {
  const east = -offsetMinutes;
  const sign = east < 0 ? '-' : '+';
  const abs = Math.abs(east);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date}T23:59:59${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** POST /v1/consents/{id}/revoke: every category still covered is a full revocation (no list sent), fewer a partial one. */
export function revokeBody(covered: readonly string[], chosen: readonly string[]): Admissions['schemas']['RevokeConsentDto'] {
  const asked = covered.filter((c) => chosen.includes(c));
  return asked.length === covered.length ? {} : { information: asked as ConsentCategory[] };
}

/* Measures. */
export type Instrument = 'PHQ-9' | 'GAD-7';

/** The items as the published questionnaires word them (public domain), over the last two weeks. */
export const ITEMS: Record<Instrument, readonly string[]> = {
  'PHQ-9': [
    'Little interest or pleasure in doing things',
    'Feeling down, depressed, or hopeless',
    'Trouble falling or staying asleep, or sleeping too much',
    'Feeling tired or having little energy',
    'Poor appetite or overeating',
    'Feeling bad about yourself, or that you are a failure or have let yourself or your family down',
    'Trouble concentrating on things, such as reading the newspaper or watching television',
    'Moving or speaking so slowly that other people could have noticed, or the opposite: being so fidgety or restless that you have been moving around a lot more than usual',
    'Thoughts that you would be better off dead, or of hurting yourself in some way',
  ],
  'GAD-7': [
    'Feeling nervous, anxious, or on edge',
    'Not being able to stop or control worrying',
    'Worrying too much about different things',
    'Trouble relaxing',
    'Being so restless that it is hard to sit still',
    'Becoming easily annoyed or irritable',
    'Feeling afraid, as if something awful might happen',
  ],
};

export const ANSWER_OPTIONS: readonly { id: '0' | '1' | '2' | '3'; label: string }[] = [
  { id: '0', label: 'Not at all' },
  { id: '1', label: 'Several days' },
  { id: '2', label: 'More than half the days' },
  { id: '3', label: 'Nearly every day' },
];

/** POST /v1/measures, once every item is answered (null before: the form says which are missing). */
export function measureBody(episodeId: string, instrument: Instrument, answers: readonly (string | null | undefined)[]): Outcomes['schemas']['RecordMeasureDto'] | null {
  const n = ITEMS[instrument].length;
  const values = Array.from({ length: n }, (_, i) => answers[i]);
  if (values.some((v) => v === null || v === undefined || v === '')) return null;
  return { episodeId, instrument, answers: values.map(Number) };
}

/** The items not answered yet, numbered from 1. */
export const unanswered = (instrument: Instrument, answers: readonly (string | null | undefined)[]): number[] =>
  ITEMS[instrument].flatMap((_, i) => (answers[i] === null || answers[i] === undefined || answers[i] === '' ? [i + 1] : []));

/* When the plan is due. */
const addDaysTo = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * What the plan owes next, as clinical-notes' overdue list reckons it: until a version is signed, the initial plan,
 * `planDueDays` after the episode's first day; then a review (or a newly signed version) every `planReviewDays` after
 * the later of the last signature and the last review (UTC dates). Overdue once the day is past the due date.
 */
export function planDue(
  plan: Pick<TreatmentPlanView, 'signedVersion' | 'lastSignedAt' | 'lastReviewedAt'> | null,
  settings: { planDueDays: number; planReviewDays: number },
  startDate: string | null,
  today: string,
): { what: 'initial-plan' | 'review'; dueDate: string; overdue: boolean } | null {
  let due: { what: 'initial-plan' | 'review'; dueDate: string };
  if (!plan || !plan.signedVersion || !plan.lastSignedAt) {
    if (!startDate) return null;
    due = { what: 'initial-plan', dueDate: addDaysTo(startDate, settings.planDueDays) };
  } else {
    const last = [plan.lastSignedAt, plan.lastReviewedAt ?? plan.lastSignedAt].map((t) => new Date(t).toISOString().slice(0, 10)).sort().at(-1)!;
    due = { what: 'review', dueDate: addDaysTo(last, settings.planReviewDays) };
  }
  return { ...due, overdue: due.dueDate < today };
}

/* Drug screens. */
export type ScreenResult = Outcomes['schemas']['AnalyteResultDto']['result'];
export const SCREEN_RESULTS: readonly { id: ScreenResult; label: string }[] = [
  { id: 'negative', label: 'Negative' },
  { id: 'positive', label: 'Positive' },
  { id: 'inconclusive', label: 'Inconclusive' },
];

/** The usual urine panel, as analyte codes (outcomes takes any lower-case code; these are the ones the form offers). */
export const PANEL: readonly { id: string; label: string }[] = [
  { id: 'alcohol', label: 'Alcohol (EtG)' },
  { id: 'amphetamines', label: 'Amphetamines' },
  { id: 'benzodiazepines', label: 'Benzodiazepines' },
  { id: 'buprenorphine', label: 'Buprenorphine' },
  { id: 'cocaine', label: 'Cocaine' },
  { id: 'fentanyl', label: 'Fentanyl' },
  { id: 'methadone', label: 'Methadone' },
  { id: 'methamphetamine', label: 'Methamphetamine' },
  { id: 'opiates', label: 'Opiates' },
  { id: 'oxycodone', label: 'Oxycodone' },
  { id: 'thc', label: 'Cannabis (THC)' },
];

/** POST /v1/drug-screens: the analytes tested, in the panel's order; null when none was (the form says so). */
export function drugScreenBody(episodeId: string, collectedOn: string, results: Readonly<Record<string, ScreenResult | null | undefined>>): Outcomes['schemas']['RecordDrugScreenDto'] | null {
  const tested = PANEL.flatMap((a) => (results[a.id] ? [{ analyte: a.id, result: results[a.id]! }] : []));
  return tested.length ? { episodeId, collectedOn, results: tested } : null;
}

/** The sessions a note can document: those the patient attended (present, late or left early), latest first. */
export function attendedSessions(items: readonly { sessionId: string; type: string; startsAt: string; attendance: { status: string } | null }[]) {
  return items
    .filter((i) => i.attendance && ['present', 'late', 'left-early'].includes(i.attendance.status))
    .sort((a, b) => b.startsAt.localeCompare(a.startsAt));
}
