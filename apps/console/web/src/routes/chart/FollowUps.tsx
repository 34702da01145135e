/**
 * The episode's post-discharge follow-ups (outcomes GET /v1/episodes/{episodeId}/follow-ups, by sequence): each one's
 * window, status and result; a scheduled one takes its result from here (POST /v1/follow-ups/{followUpId}/result:
 * when the contact was and whether the patient reported abstinence). Outcomes schedules them at discharge, so an
 * episode in treatment has none.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { Button } from 'react-aria-components';
import { idempotencyKey, outcomes, unwrap } from '../../api/client';
import type { components } from '../../api/outcomes';
import { Form, FormActions, RadioInput, TextInput } from '../../components/fields';
import { ProblemMessage } from '../../components/feedback';
import { calendarDate, instantOf, localNow } from '../../lib/dates';
import { fieldErrors, problemOf } from '../../lib/problems';
import { hasRole, useSession } from '../../lib/session';
import { ChartSection } from './ChartSection';

type FollowUp = components['schemas']['FollowUpDto'];

/** Who may record a result (outcomes' POST /v1/follow-ups/{followUpId}/result). */
export const FOLLOW_UP_RECORDERS = ['clinician', 'supervisor', 'psychiatrist', 'nurse'];

const ABSTINENCE = [
  { id: 'yes', label: 'Abstinent' },
  { id: 'no', label: 'Not abstinent' },
] as const;
type Abstinence = (typeof ABSTINENCE)[number]['id'];

const dateOf = (iso: string) => calendarDate(iso.slice(0, 10));

/** `discharged`: outcomes schedules follow-ups at discharge, so before it there is nothing to ask for. */
export function FollowUps({ episodeId, discharged }: { episodeId: string; discharged: boolean }) {
  const session = useSession();
  const [recording, setRecording] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const q = useQuery({
    queryKey: ['follow-ups', episodeId],
    enabled: discharged,
    queryFn: async () => (await unwrap(outcomes.GET('/v1/episodes/{episodeId}/follow-ups', { params: { path: { episodeId } } }))).items,
  });
  const recorder = hasRole(session.data, ...FOLLOW_UP_RECORDERS);
  const chosen = q.data?.find((f) => f.followUpId === recording && f.status === 'scheduled');
  return (
    <ChartSection title="Follow-ups" query={q} empty="No follow-ups: they are scheduled at discharge." skipped={discharged ? undefined : 'No follow-ups: they are scheduled at discharge.'}>
      {(items) => (
        <>
          {items.length === 0 ? (
            <p className="muted">No follow-ups: they are scheduled at discharge.</p>
          ) : (
            <div className="table-scroll">
              <table className="table">
                <caption className="visually-hidden">Follow-ups after discharge, in order, with their results</caption>
                <thead>
                  <tr>
                    <th scope="col">Follow-up</th>
                    <th scope="col">Window</th>
                    <th scope="col">Status</th>
                    <th scope="col">Result</th>
                    {recorder && <th scope="col">Action</th>}
                  </tr>
                </thead>
                <tbody>
                  {items.map((f) => (
                    <tr key={f.followUpId}>
                      <th scope="row">
                        {f.offsetDays} days <span className="muted">(due {calendarDate(f.dueDate)})</span>
                      </th>
                      <td className="nowrap">
                        {calendarDate(f.windowStart)} to {calendarDate(f.windowEnd)}
                      </td>
                      <td>
                        <span className={`tag ${f.status === 'completed' ? 'tag-ok' : f.status === 'lost' ? 'tag-error' : 'tag-warn'}`}>{f.status}</span>
                      </td>
                      <td>{resultOf(f)}</td>
                      {recorder && (
                        <td>
                          {f.status === 'scheduled' ? (
                            <Button className="button button-secondary" onPress={() => {
                              setSaved(null);
                              setRecording(f.followUpId);
                            }}>
                              Record the result<span className="visually-hidden"> of the {f.offsetDays}-day follow-up</span>
                            </Button>
                          ) : (
                            '—'
                          )}
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {saved && (
            <p role="status" className="notice">
              Follow-up result recorded.
            </p>
          )}
          {recorder && chosen && (
            <ResultForm key={chosen.followUpId} episodeId={episodeId} followUp={chosen} onDone={(ok) => {
              setRecording(null);
              if (ok) setSaved(chosen.followUpId);
            }} />
          )}
        </>
      )}
    </ChartSection>
  );
}

function resultOf(f: FollowUp): string {
  if (f.status === 'lost') return `No contact in the window${f.lostAt ? ` (closed ${dateOf(f.lostAt)})` : ''}`;
  if (f.status !== 'completed') return '—';
  const when = f.completedAt ? `, ${dateOf(f.completedAt)}` : '';
  const window = f.withinWindow === false ? ' (outside its window)' : '';
  return `${f.abstinent ? 'Abstinent' : f.abstinent === false ? 'Not abstinent' : 'Contacted'}${when}${window}`;
}

function ResultForm({ episodeId, followUp, onDone }: { episodeId: string; followUp: FollowUp; onDone: (saved: boolean) => void }) {
  const queryClient = useQueryClient();
  const headingId = useId();
  const [completedAt, setCompletedAt] = useState(() => localNow());
  const [abstinence, setAbstinence] = useState<Abstinence | null>(null);
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        outcomes.POST('/v1/follow-ups/{followUpId}/result', {
          params: { path: { followUpId: followUp.followUpId } },
          headers: { 'Idempotency-Key': idempotencyKey() },
          body: { abstinent: abstinence === 'yes', completedAt: instantOf(completedAt)! },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['follow-ups', episodeId] });
      onDone(true);
    },
  });
  const errors = useMemo(() => fieldErrors(problemOf(save.error)), [save.error]);
  return (
    <section className="subpanel" aria-labelledby={headingId}>
      <h3 id={headingId}>Record the result of the {followUp.offsetDays}-day follow-up</h3>
      <p className="muted">
        Its window: {calendarDate(followUp.windowStart)} to {calendarDate(followUp.windowEnd)}.
      </p>
      <Form
        validationErrors={errors}
        onSubmit={(e) => {
          e.preventDefault();
          if (abstinence && instantOf(completedAt)) save.mutate();
        }}
      >
        <TextInput type="datetime-local" label="Contact on" name="completedAt" value={completedAt} onChange={(v) => {
          save.reset();
          setCompletedAt(v);
        }} isRequired
          validate={(v) => (!instantOf(v) ? 'Enter a date and time.' : new Date(v).getTime() > Date.now() ? 'Not in the future.' : null)} />
        <RadioInput label="Self-reported abstinence" name="abstinent" options={ABSTINENCE} value={abstinence} onChange={(v) => {
          save.reset();
          setAbstinence(v);
        }} isRequired orientation="horizontal" />
        <FormActions messages={<ProblemMessage error={save.error} shownFields={Object.keys(errors)} onReload={() => void queryClient.invalidateQueries({ queryKey: ['follow-ups', episodeId] })} />}>
          <Button type="submit" className="button" isDisabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Record the follow-up result'}
          </Button>
          <Button className="button button-quiet" onPress={() => onDone(false)}>
            Cancel
          </Button>
        </FormActions>
      </Form>
    </section>
  );
}
