import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { idempotencyKey, outcomes, unwrap } from '../../api/client';
import { ProblemMessage } from '../../components/feedback';
import { NumberInput, Form, FormActions } from '../../components/fields';
import { fieldErrors, problemOf } from '../../lib/problems';
import { answersPayload, measureItems, unanswered, type Instrument } from './queue';

/**
 * Enter a completed PHQ-9, GAD-7 or BAM (outcomes scores it and answers with the score and band). Each item is a whole
 * number from 0 to its highest answer, entered from the paper form or the patient's answers; outcomes' own errors
 * (e.g. BAM item 7) show under the form, and the answers stay until the measure is saved. The queue opens it for a
 * measure that is due; the chart opens it for a BAM (with `onCancel`, as the chart's forms can be closed unsaved).
 */
export function MeasureForm({ episodeId, instrument, label, onSaved, onCancel }: {
  episodeId: string; instrument: Instrument; label: string; onSaved: () => void; onCancel?: () => void;
}) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Record<string, number | undefined>>({});
  const [key] = useState(idempotencyKey);
  const save = useMutation({
    mutationFn: () =>
      unwrap(outcomes.POST('/v1/measures', {
        params: { header: { 'Idempotency-Key': key } },
        body: { episodeId, instrument, answers: answersPayload(instrument, values)! },
      })),
    // The chart's trends of this episode, wherever they are cached, draw the new measure.
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['measures', episodeId] }),
  });
  const errors = fieldErrors(problemOf(save.error));
  const missing = unanswered(instrument, values);
  const result = save.data;
  if (result) {
    return (
      <div className="subpanel" role="status">
        <p>
          {instrument} saved: {Object.entries(result.scores).map(([k, v]) => `${k} ${v}`).join(', ')}
          {result.band ? ` (${result.band})` : ''}.
        </p>
        {result.safetyAlert && <p className="notice notice-warn">Item 9 was answered above 0: a safety alert was raised for the care team.</p>}
        <Button className="button button-secondary" onPress={onSaved}>
          Done
        </Button>
      </div>
    );
  }
  return (
    <Form className="subpanel" aria-label={`Enter the ${instrument}: ${label}`} validationErrors={errors}
      onSubmit={(e) => { e.preventDefault(); if (missing.length === 0) save.mutate(); }}>
      <fieldset className="ratings">
        <legend>{instrument} answers, item by item (0 to {measureItems(instrument)[0].max})</legend>
        <div className="form-grid">
          {measureItems(instrument).map((item) => (
            <NumberInput key={item.key} label={`Item ${item.key}`} name={`answers.${item.key}`} value={values[item.key]} minValue={0} maxValue={item.max}
              onChange={(v) => setValues((old) => ({ ...old, [item.key]: v }))} isRequired />
          ))}
        </div>
      </fieldset>
      <FormActions messages={<ProblemMessage error={save.error} shownFields={Object.keys(errors)} />}>
        <Button type="submit" className="button" isDisabled={save.isPending}>
          {save.isPending ? 'Saving…' : `Save the ${instrument}`}
        </Button>
        {onCancel && (
          <Button className="button button-quiet" onPress={onCancel}>
            Close
          </Button>
        )}
      </FormActions>
    </Form>
  );
}
