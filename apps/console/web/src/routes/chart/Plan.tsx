/**
 * The episode's treatment plan: read (problems with their ASAM dimensions, goals with their status, objectives and
 * interventions), drafted or revised in one form (revising a signed plan starts its next version), signed by the
 * clinician who wrote the version, acknowledged by the patient, reviewed, and each signed goal's progress. Each action
 * shows only to the roles clinical-notes lets do it (docs/ACCESS.md).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Button } from 'react-aria-components';
import { clinicalNotes, idempotencyKey, unwrap } from '../../api/client';
import type { TreatmentPlanView } from '../../api/views';
import type { components as ClinicalNotes } from '../../api/clinical-notes';
import { CheckboxesInput, SelectInput, TextAreaInput, TextInput, Form, FormActions } from '../../components/fields';
import { ProblemMessage } from '../../components/feedback';
import { calendarDate, localToday } from '../../lib/dates';
import { fieldErrors, problemOf } from '../../lib/problems';
import { hasRole, useSession } from '../../lib/session';
import { ChartSection } from './ChartSection';
import { documentationSettingsQuery, planQuery, type VersionedPlan } from './queries';
import {
  DIMENSION_NAMES, DIMENSIONS, emptyGoal, emptyIntervention, emptyObjective, emptyProblem, planBody, planDue, planForm, planProblems,
  type GoalRow, type PlanForm, type ProblemRow,
} from './forms';

const PLAN_AUTHORS = ['clinician', 'supervisor', 'psychiatrist'];
const NOTE_WRITERS = ['clinician', 'supervisor', 'psychiatrist', 'nurse'];

type GoalStatus = ClinicalNotes['schemas']['GoalStatusDto']['status'];
type Method = ClinicalNotes['schemas']['AcknowledgeDto']['method'];
const GOAL_STATUSES: readonly { id: GoalStatus; label: string }[] = [
  { id: 'not-started', label: 'Not started' },
  { id: 'in-progress', label: 'In progress' },
  { id: 'achieved', label: 'Achieved' },
  { id: 'discontinued', label: 'Discontinued' },
];
const METHODS: readonly { id: Method; label: string }[] = [
  { id: 'signature', label: 'Signed on paper' },
  { id: 'e-signature', label: 'Electronic signature' },
  { id: 'verbal', label: 'Verbally' },
];
const goalStatusLabel = (s: string | undefined) => GOAL_STATUSES.find((g) => g.id === s)?.label ?? s ?? '';
const dateOf = (iso: string) => calendarDate(iso.slice(0, 10));
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

function PlanDue({ versioned, startDate }: { versioned: VersionedPlan | null; startDate: string | null }) {
  const settings = useQuery(documentationSettingsQuery());
  if (!settings.data) return null;
  const due = planDue(versioned?.plan ?? null, settings.data, startDate, localToday());
  if (!due) return null;
  const what = due.what === 'review' ? 'Plan review' : 'Initial treatment plan';
  return (
    <p>
      <span className={`tag ${due.overdue ? 'tag-error' : 'tag-ok'}`}>{due.overdue ? 'overdue' : 'due'}</span> {what} {due.overdue ? 'was due' : 'due'} by{' '}
      {calendarDate(due.dueDate)}
    </p>
  );
}

export function Plan({ episodeId, startDate, plannedEndDate }: { episodeId: string; startDate?: string | null; plannedEndDate?: string | null }) {
  const q = useQuery(planQuery(episodeId));
  // Asked for with the plan, not once the plan is shown (PlanDue reads it): one round trip less before the chart is whole.
  useQuery(documentationSettingsQuery());
  const session = useSession();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const author = hasRole(session.data, ...PLAN_AUTHORS);
  const reload = () => void queryClient.invalidateQueries({ queryKey: ['chart-plan', episodeId] });
  return (
    <ChartSection title="Treatment plan" query={q}>
      {(versioned) =>
        editing ? (
          <PlanEditor
            episodeId={episodeId}
            versioned={versioned}
            defaults={{ targetDate: plannedEndDate ?? addDays(localToday(), 56), staff: session.data?.subject ?? '' }}
            onDone={() => setEditing(false)}
            onReload={reload}
          />
        ) : !versioned ? (
          <>
            <p className="muted">No treatment plan drafted yet.</p>
            <PlanDue versioned={null} startDate={startDate ?? null} />
            {author && (
              <Button className="button" onPress={() => setEditing(true)}>
                Draft the treatment plan
              </Button>
            )}
          </>
        ) : (
          <>
            <PlanView plan={versioned.plan} episodeId={episodeId} canTrackGoals={author} />
            <PlanDue versioned={versioned} startDate={startDate ?? null} />
            <PlanActions versioned={versioned} episodeId={episodeId} onEdit={() => setEditing(true)} />
          </>
        )
      }
    </ChartSection>
  );
}

function PlanView({ plan, episodeId, canTrackGoals }: { plan: TreatmentPlanView; episodeId: string; canTrackGoals: boolean }) {
  return (
    <div className="plan">
      <p>
        <span className={`tag ${plan.status === 'signed' ? 'tag-ok' : 'tag-warn'}`}>{plan.status}</span> version {plan.version}
        {plan.lastSignedAt ? `, signed ${dateOf(plan.lastSignedAt)}` : ''}
        {plan.acknowledged ? ', acknowledged by the patient' : plan.status === 'signed' ? ', not yet acknowledged by the patient' : ''}
        {plan.lastReviewedAt ? `, last reviewed ${dateOf(plan.lastReviewedAt)}` : ''}
        {plan.status === 'draft' && plan.signedVersion ? ` (version ${plan.signedVersion} stays in force until this one is signed)` : ''}
      </p>
      <ol className="plan-problems">
        {plan.problems.map((problem) => (
          <li key={problem.problemId}>
            <h3>Problem: {problem.description}</h3>
            {problem.asamDimensions.length > 0 && <p className="muted">ASAM dimensions: {problem.asamDimensions.map((d) => d.toUpperCase()).join(', ')}</p>}
            <ul>
              {problem.goals.map((g) => (
                <li key={g.goalId}>
                  <h4>
                    Goal: {g.description} <span className="muted">(by {calendarDate(g.targetDate)}{g.status ? `, ${goalStatusLabel(g.status)}` : ''})</span>
                  </h4>
                  {g.objectives.length > 0 && (
                    <>
                      <p className="subtle">Objectives</p>
                      <ul>
                        {g.objectives.map((o, k) => (
                          <li key={k}>
                            {o.description} <span className="muted">(measured by {o.measure}, by {calendarDate(o.targetDate)})</span>
                          </li>
                        ))}
                      </ul>
                    </>
                  )}
                  {g.interventions.length > 0 && (
                    <>
                      <p className="subtle">Interventions</p>
                      <ul>
                        {g.interventions.map((iv, k) => (
                          <li key={k}>
                            {iv.description}
                            <span className="muted">
                              {iv.frequency ? `, ${iv.frequency}` : ''} ({iv.responsibleStaff})
                            </span>
                          </li>
                        ))}
                      </ul>
                    </>
                  )}
                  {canTrackGoals && plan.status === 'signed' && <GoalStatusForm planId={plan.planId} episodeId={episodeId} goalId={g.goalId} description={g.description} status={g.status} />}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** A signed goal's progress (GoalStatusChanged); the same status again changes nothing. */
function GoalStatusForm({ planId, episodeId, goalId, description, status }: { planId: string; episodeId: string; goalId: string; description: string; status?: string }) {
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<GoalStatus | null>((status as GoalStatus | undefined) ?? null);
  const save = useMutation({
    mutationFn: () =>
      unwrap(clinicalNotes.POST('/v1/treatment-plans/{id}/goals/{goalId}/status', {
        params: { path: { id: planId, goalId } }, headers: { 'Idempotency-Key': idempotencyKey() }, body: { status: chosen! },
      })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['chart-plan', episodeId] }),
  });
  return (
    <Form
      className="chart-actions"
      validationErrors={fieldErrors(problemOf(save.error))}
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen) save.mutate();
      }}
    >
      <SelectInput label={`Status of the goal “${description}”`} name="status" options={GOAL_STATUSES} value={chosen} onChange={setChosen} isRequired />
      <Button type="submit" className="button button-secondary" isDisabled={save.isPending || !chosen || chosen === status}>
        {save.isPending ? 'Saving…' : 'Update goal status'}
      </Button>
      <ProblemMessage error={save.error} shownFields={['status']} />
    </Form>
  );
}

/** Sign, the patient's acknowledgement, the review, and opening the editor: each for the roles and states that allow it. */
function PlanActions({ versioned, episodeId, onEdit }: { versioned: VersionedPlan; episodeId: string; onEdit: () => void }) {
  const { plan } = versioned;
  const session = useSession();
  const queryClient = useQueryClient();
  const [method, setMethod] = useState<Method | null>(null);
  const changed = () => void queryClient.invalidateQueries({ queryKey: ['chart-plan', episodeId] });
  const path = { params: { path: { id: plan.planId } }, headers: { 'Idempotency-Key': idempotencyKey() } };
  const sign = useMutation({ mutationFn: () => unwrap(clinicalNotes.POST('/v1/treatment-plans/{id}/sign', path)), onSuccess: changed });
  const review = useMutation({ mutationFn: () => unwrap(clinicalNotes.POST('/v1/treatment-plans/{id}/reviews', path)), onSuccess: changed });
  const acknowledge = useMutation({
    mutationFn: () => unwrap(clinicalNotes.POST('/v1/treatment-plans/{id}/acknowledge', { ...path, body: { method: method! } })),
    onSuccess: () => {
      setMethod(null);
      changed();
    },
  });
  const author = hasRole(session.data, ...PLAN_AUTHORS);
  const writer = hasRole(session.data, ...NOTE_WRITERS);
  const mine = session.data?.subject === plan.author;
  const draft = plan.status === 'draft';
  const error = sign.error ?? review.error ?? acknowledge.error;
  if (!author && !writer) return null;
  return (
    <div className="plan-actions">
      <div className="chart-actions">
        {author && (
          <Button className="button button-secondary" onPress={onEdit}>
            {draft ? 'Edit the draft' : `Revise (starts version ${plan.version + 1})`}
          </Button>
        )}
        {author && draft && (mine ? (
          <Button className="button" onPress={() => sign.mutate()} isDisabled={sign.isPending}>
            {sign.isPending ? 'Signing…' : `Sign version ${plan.version}`}
          </Button>
        ) : (
          <span className="muted">Only {plan.author}, who wrote this version, can sign it.</span>
        ))}
        {author && !draft && (
          <Button className="button button-secondary" onPress={() => review.mutate()} isDisabled={review.isPending}>
            {review.isPending ? 'Saving…' : 'Record a plan review'}
          </Button>
        )}
      </div>
      {writer && !draft && !plan.acknowledged && (
        <Form
          className="chart-actions"
          validationErrors={fieldErrors(problemOf(acknowledge.error))}
          onSubmit={(e) => {
            e.preventDefault();
            if (method) acknowledge.mutate();
          }}
        >
          <SelectInput label="How the patient acknowledged the plan" name="method" options={METHODS} value={method} onChange={setMethod} isRequired />
          <Button type="submit" className="button button-secondary" isDisabled={acknowledge.isPending}>
            {acknowledge.isPending ? 'Saving…' : 'Record acknowledgment'}
          </Button>
        </Form>
      )}
      {review.isSuccess && <p role="status" className="notice">Review recorded.</p>}
      <ProblemMessage error={error} shownFields={['method']} onReload={() => {
        sign.reset();
        review.reset();
        acknowledge.reset();
        changed();
      }} />
    </div>
  );
}

/**
 * The whole plan in one form: problems, each with its ASAM dimensions and goals, each goal with objectives and
 * interventions. Drafting POSTs it; revising PUTs it with the version read (If-Match), so that a plan someone else
 * changed meanwhile is a 409 with a reload offered, and what was typed stays.
 */
function PlanEditor({ episodeId, versioned, defaults, onDone, onReload }: {
  episodeId: string; versioned: VersionedPlan | null; defaults: { targetDate: string; staff: string }; onDone: () => void; onReload: () => void;
}) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState<PlanForm>(() => planForm(versioned?.plan ?? null, defaults));
  const [checked, setChecked] = useState<Record<string, string[]>>({});
  const save = useMutation({
    // The two answers differ (a new plan's id, a revised plan's view); either way the plan is read again on success.
    mutationFn: async (): Promise<void> => {
      const body = planBody(form);
      if (!versioned) {
        await unwrap(clinicalNotes.POST('/v1/episodes/{episodeId}/treatment-plan', {
          params: { path: { episodeId } }, headers: { 'Idempotency-Key': idempotencyKey() }, body,
        }));
        return;
      }
      await unwrap(clinicalNotes.PUT('/v1/treatment-plans/{id}', {
        params: { path: { id: versioned.plan.planId } }, headers: versioned.etag ? { 'If-Match': versioned.etag } : {}, body,
      }));
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['chart-plan', episodeId] });
      onDone();
    },
  });
  const apiErrors = useMemo(() => fieldErrors(problemOf(save.error)), [save.error]);
  const errors = { ...checked, ...apiErrors };

  const setProblem = (i: number, change: (p: ProblemRow) => ProblemRow) =>
    setForm((f) => ({ problems: f.problems.map((p, k) => (k === i ? change(p) : p)) }));
  const setGoal = (i: number, j: number, change: (g: GoalRow) => GoalRow) =>
    setProblem(i, (p) => ({ ...p, goals: p.goals.map((g, k) => (k === j ? change(g) : g)) }));
  const without = <T,>(rows: T[], k: number) => rows.filter((_, n) => n !== k);

  return (
    <Form
      className="plan-editor"
      aria-label={versioned ? `Revise the treatment plan (version ${versioned.plan.status === 'signed' ? versioned.plan.version + 1 : versioned.plan.version})` : 'Draft the treatment plan'}
      validationErrors={errors}
      onSubmit={(e) => {
        e.preventDefault();
        const found = planProblems(form);
        setChecked(found);
        if (Object.keys(found).length === 0) save.mutate();
      }}
    >
      <h3>{versioned ? (versioned.plan.status === 'signed' ? `Revise the plan: version ${versioned.plan.version + 1}` : `Edit the draft: version ${versioned.plan.version}`) : 'Draft the treatment plan'}</h3>
      {errors.problems && <p className="problem" role="alert">{errors.problems.join(' ')}</p>}
      {form.problems.map((p, i) => (
        <fieldset key={p.key}>
          <legend>Problem {i + 1}</legend>
          <TextAreaInput label={`Problem ${i + 1}: description`} name={`problems.${i}.description`} value={p.description} rows={2} maxLength={4000} isRequired
            onChange={(v) => setProblem(i, (x) => ({ ...x, description: v }))} />
          <CheckboxesInput label={`Problem ${i + 1}: ASAM dimensions`} name={`problems.${i}.asamDimensions`} isRequired
            options={DIMENSIONS.map((d) => ({ id: d, label: `${d.toUpperCase()} ${DIMENSION_NAMES[d]}` }))} value={p.asamDimensions}
            onChange={(v) => setProblem(i, (x) => ({ ...x, asamDimensions: v }))} />
          {errors[`problems.${i}.goals`] && <p className="problem" role="alert">{errors[`problems.${i}.goals`]!.join(' ')}</p>}
          {p.goals.map((g, j) => {
            const at = `problems.${i}.goals.${j}`;
            const name = `Problem ${i + 1}, goal ${j + 1}`;
            return (
              <fieldset key={g.key}>
                <legend>{name}</legend>
                <TextAreaInput label={`${name}: description`} name={`${at}.description`} value={g.description} rows={2} maxLength={4000} isRequired
                  onChange={(v) => setGoal(i, j, (x) => ({ ...x, description: v }))} />
                <TextInput type="date" label={`${name}: target date`} name={`${at}.targetDate`} value={g.targetDate} isRequired
                  onChange={(v) => setGoal(i, j, (x) => ({ ...x, targetDate: v }))} />
                {(errors[`${at}.objectives`] || errors[`${at}.interventions`]) && (
                  <p className="problem" role="alert">{[...(errors[`${at}.objectives`] ?? []), ...(errors[`${at}.interventions`] ?? [])].join(' ')}</p>
                )}
                {g.objectives.map((o, k) => {
                  const on = `${name}, objective ${k + 1}`;
                  const set = (change: Partial<typeof o>) => setGoal(i, j, (x) => ({ ...x, objectives: x.objectives.map((y, n) => (n === k ? { ...y, ...change } : y)) }));
                  return (
                    <fieldset key={o.key}>
                      <legend>Objective {k + 1}</legend>
                      <TextInput label={`${on}: description`} name={`${at}.objectives.${k}.description`} value={o.description} maxLength={4000} isRequired onChange={(v) => set({ description: v })} />
                      <TextInput label={`${on}: how it is measured`} name={`${at}.objectives.${k}.measure`} value={o.measure} maxLength={4000} isRequired onChange={(v) => set({ measure: v })} />
                      <TextInput type="date" label={`${on}: target date`} name={`${at}.objectives.${k}.targetDate`} value={o.targetDate} isRequired onChange={(v) => set({ targetDate: v })} />
                      <Button className="button button-quiet" onPress={() => setGoal(i, j, (x) => ({ ...x, objectives: without(x.objectives, k) }))}>
                        Remove {on.toLowerCase()}
                      </Button>
                    </fieldset>
                  );
                })}
                {g.interventions.map((iv, k) => {
                  const on = `${name}, intervention ${k + 1}`;
                  const set = (change: Partial<typeof iv>) => setGoal(i, j, (x) => ({ ...x, interventions: x.interventions.map((y, n) => (n === k ? { ...y, ...change } : y)) }));
                  return (
                    <fieldset key={iv.key}>
                      <legend>Intervention {k + 1}</legend>
                      <TextInput label={`${on}: description`} name={`${at}.interventions.${k}.description`} value={iv.description} maxLength={4000} isRequired onChange={(v) => set({ description: v })} />
                      <TextInput label={`${on}: frequency (optional)`} name={`${at}.interventions.${k}.frequency`} value={iv.frequency} maxLength={200} onChange={(v) => set({ frequency: v })} />
                      <TextInput label={`${on}: staff responsible`} name={`${at}.interventions.${k}.responsibleStaff`} value={iv.responsibleStaff} maxLength={200} isRequired
                        description="A staff id or a role" onChange={(v) => set({ responsibleStaff: v })} />
                      <Button className="button button-quiet" onPress={() => setGoal(i, j, (x) => ({ ...x, interventions: without(x.interventions, k) }))}>
                        Remove {on.toLowerCase()}
                      </Button>
                    </fieldset>
                  );
                })}
                <div className="row-actions">
                  <Button className="button button-secondary" onPress={() => setGoal(i, j, (x) => ({ ...x, objectives: [...x.objectives, emptyObjective(x.targetDate)] }))}>
                    Add an objective to {name.toLowerCase()}
                  </Button>
                  <Button className="button button-secondary" onPress={() => setGoal(i, j, (x) => ({ ...x, interventions: [...x.interventions, emptyIntervention(defaults.staff)] }))}>
                    Add an intervention to {name.toLowerCase()}
                  </Button>
                  <Button className="button button-quiet" onPress={() => setProblem(i, (x) => ({ ...x, goals: without(x.goals, j) }))}>
                    Remove {name.toLowerCase()}
                  </Button>
                </div>
              </fieldset>
            );
          })}
          <div className="row-actions">
            <Button className="button button-secondary" onPress={() => setProblem(i, (x) => ({ ...x, goals: [...x.goals, emptyGoal(defaults.targetDate, defaults.staff)] }))}>
              Add a goal to problem {i + 1}
            </Button>
            <Button className="button button-quiet" onPress={() => setForm((f) => ({ problems: without(f.problems, i) }))}>
              Remove problem {i + 1}
            </Button>
          </div>
        </fieldset>
      ))}
      <div className="row-actions">
        <Button className="button button-secondary" onPress={() => setForm((f) => ({ problems: [...f.problems, emptyProblem(defaults.targetDate, defaults.staff)] }))}>
          Add a problem
        </Button>
      </div>
      <FormActions messages={<>
        {Object.keys(checked).length > 0 && (
          <p className="problem" role="alert">
            The plan is not complete: see the fields marked above.
          </p>
        )}
        <ProblemMessage error={save.error} shownFields={Object.keys(apiErrors)} onReload={() => {
          save.reset();
          onReload();
        }} />
      </>}>
        <Button type="submit" className="button" isDisabled={save.isPending}>
          {save.isPending ? 'Saving…' : versioned ? 'Save the plan' : 'Save the draft plan'}
        </Button>
        <Button className="button button-quiet" onPress={onDone}>
          Cancel
        </Button>
      </FormActions>
    </Form>
  );
}
