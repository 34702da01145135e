/**
 * A urine drug screen's results entered from the chart (outcomes POST /v1/drug-screens): the day the specimen was
 * collected and a result for each analyte of the panel that was tested; the screens part is read again after.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { Button } from 'react-aria-components';
import { idempotencyKey, outcomes, unwrap } from '../../api/client';
import { SelectInput, TextInput, Form, FormActions } from '../../components/fields';
import { ProblemMessage } from '../../components/feedback';
import { localToday } from '../../lib/dates';
import { fieldErrors, problemOf } from '../../lib/problems';
import { drugScreenBody, PANEL, SCREEN_RESULTS, type ScreenResult } from './forms';

/** Who may record one (outcomes' POST /v1/drug-screens). */
export const SCREEN_RECORDERS = ['clinician', 'psychiatrist', 'nurse'];

export function DrugScreenForm({ episodeId }: { episodeId: string }) {
  const queryClient = useQueryClient();
  const headingId = useId();
  const [open, setOpen] = useState(false);
  const [collectedOn, setCollectedOn] = useState(localToday);
  const [results, setResults] = useState<Record<string, ScreenResult | null>>({});
  const [noneTested, setNoneTested] = useState(false);
  const save = useMutation({
    mutationFn: () => unwrap(outcomes.POST('/v1/drug-screens', { headers: { 'Idempotency-Key': idempotencyKey() }, body: drugScreenBody(episodeId, collectedOn, results)! })),
    onSuccess: () => {
      setOpen(false);
      setResults({});
      void queryClient.invalidateQueries({ queryKey: ['drug-screens', episodeId] });
    },
  });
  const errors = useMemo(() => fieldErrors(problemOf(save.error)), [save.error]);
  if (!open) {
    return (
      <div className="chart-actions">
        <Button className="button button-secondary" onPress={() => setOpen(true)}>
          Record a drug screen
        </Button>
        {save.isSuccess && <span role="status" className="notice">Drug screen recorded.</span>}
      </div>
    );
  }
  return (
    <section className="subpanel" aria-labelledby={headingId}>
      <h3 id={headingId}>Record a drug screen</h3>
      <Form
        validationErrors={errors}
        onSubmit={(e) => {
          e.preventDefault();
          const body = drugScreenBody(episodeId, collectedOn, results);
          setNoneTested(!body);
          if (body) save.mutate();
        }}
      >
        <TextInput type="date" label="Collected on" name="collectedOn" value={collectedOn} onChange={setCollectedOn} isRequired
          validate={(v) => (v > localToday() ? 'Not in the future.' : null)} />
        <div className="form-grid">
          {PANEL.map((a) => (
            <SelectInput key={a.id} label={`${a.label} result`} name={`results.${a.id}`} options={SCREEN_RESULTS} value={results[a.id] ?? null}
              placeholder="Not tested" onChange={(v) => {
                setNoneTested(false);
                setResults((all) => ({ ...all, [a.id]: v }));
              }} />
          ))}
        </div>
        <FormActions messages={<>
          {noneTested && (
            <p role="alert" className="problem">
              Give the result of at least one analyte.
            </p>
          )}
          <ProblemMessage error={save.error} shownFields={Object.keys(errors)} />
        </>}>
          <Button type="submit" className="button" isDisabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Record the drug screen'}
          </Button>
          <Button className="button button-quiet" onPress={() => setOpen(false)}>
            Cancel
          </Button>
        </FormActions>
      </Form>
    </section>
  );
}
