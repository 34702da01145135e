/**
 * A PHQ-9, GAD-7 or BAM the patient completed, entered from the chart (outcomes POST /v1/measures): every item
 * answered, then the score and band as outcomes scored them, and the trend drawn again. A PHQ-9 with item 9 above 0
 * says that a safety alert went out. The BAM (items 1-17, item 7 through its sub-items 7A-7G, each 0-4 as the paper
 * form codes it) is the documentation queue's form, the same one the queue opens for a BAM that is due.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { Button } from 'react-aria-components';
import { idempotencyKey, outcomes, unwrap } from '../../api/client';
import { RadioInput, Form, FormActions } from '../../components/fields';
import { ProblemMessage } from '../../components/feedback';
import { bandLabel } from '../../lib/chart';
import { fieldErrors, problemOf } from '../../lib/problems';
import { MeasureForm as ItemMeasureForm } from '../documentation/MeasureForm';
import { ANSWER_OPTIONS, ITEMS, measureBody, unanswered, type Instrument } from './forms';

/** Who may record one (outcomes' POST /v1/measures). */
export const MEASURE_RECORDERS = ['clinician', 'psychiatrist', 'nurse'];

export function MeasureForm({ episodeId }: { episodeId: string }) {
  const queryClient = useQueryClient();
  const headingId = useId();
  const [instrument, setInstrument] = useState<Instrument | 'BAM' | null>(null);
  const [answers, setAnswers] = useState<(string | null)[]>([]);
  const [missing, setMissing] = useState<number[]>([]);
  const save = useMutation({
    mutationFn: () => unwrap(outcomes.POST('/v1/measures', { headers: { 'Idempotency-Key': idempotencyKey() }, body: measureBody(episodeId, instrument as Instrument, answers)! })),
    onSuccess: () => {
      setAnswers([]);
      setInstrument(null);
      void queryClient.invalidateQueries({ queryKey: ['measures', episodeId] });
    },
  });
  const errors = useMemo(() => fieldErrors(problemOf(save.error)), [save.error]);
  const result = save.data;
  return (
    <section className="subpanel" aria-labelledby={headingId}>
      <h3 id={headingId}>Record a questionnaire</h3>
      {result && (
        <p role="status" className={result.safetyAlert ? 'notice notice-warn' : 'notice'}>
          {result.instrument} recorded: total {String((result.scores as Record<string, number>).total ?? '')}
          {result.band ? `, ${bandLabel(result.band).toLowerCase()}` : ''}.
          {result.safetyAlert ? ' Item 9 was above 0: a safety alert went to the care team.' : ''}
        </p>
      )}
      <div className="chart-actions">
        {(['PHQ-9', 'GAD-7', 'BAM'] as const).map((i) => (
          <Button key={i} className="button button-secondary" onPress={() => {
            setInstrument(i);
            setAnswers([]);
            setMissing([]);
            save.reset();
          }}>
            Record a {i}
          </Button>
        ))}
      </div>
      {instrument === 'BAM' && (
        <ItemMeasureForm episodeId={episodeId} instrument="BAM" label="Brief Addiction Monitor" onSaved={() => setInstrument(null)} onCancel={() => setInstrument(null)} />
      )}
      {instrument && instrument !== 'BAM' && (
        <Form
          aria-label={`${instrument} answers`}
          validationErrors={errors}
          onSubmit={(e) => {
            e.preventDefault();
            const left = unanswered(instrument, answers);
            setMissing(left);
            if (left.length === 0) save.mutate();
          }}
        >
          <p>Over the last 2 weeks, how often has the patient been bothered by the following problems?</p>
          <div className="measure-items">
            {ITEMS[instrument].map((item, i) => (
              <RadioInput
                key={`${instrument}-${i}`}
                label={`${i + 1}. ${item}`}
                name={`answers.${i}`}
                orientation="horizontal"
                options={ANSWER_OPTIONS}
                value={(answers[i] as '0' | '1' | '2' | '3' | null | undefined) ?? null}
                onChange={(v) => setAnswers((all) => {
                  const next = [...all];
                  next[i] = v;
                  return next;
                })}
                isRequired
              />
            ))}
          </div>
          <FormActions messages={<>
            {missing.length > 0 && (
              <p role="alert" className="problem">
                Answer every item: {missing.join(', ')} {missing.length === 1 ? 'is' : 'are'} not answered.
              </p>
            )}
            <ProblemMessage error={save.error} shownFields={Object.keys(errors)} />
          </>}>
            <Button type="submit" className="button" isDisabled={save.isPending}>
              {save.isPending ? 'Saving…' : `Record the ${instrument}`}
            </Button>
            <Button className="button button-quiet" onPress={() => setInstrument(null)}>
              Close
            </Button>
          </FormActions>
        </Form>
      )}
    </section>
  );
}
