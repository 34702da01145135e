import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { scheduling, unwrap } from '../../api/client';
import { ProblemMessage } from '../../components/feedback';
import { RadioInput, Form, FormActions } from '../../components/fields';
import { fieldErrors, problemOf } from '../../lib/problems';
import { OUTREACH_OUTCOMES, type OutreachOutcome } from './queue';

/** Close an absence follow-up with what came of it (what was said belongs in a note, not here). */
export function CloseOutreachForm({ taskId, label, onClosed }: { taskId: string; label: string; onClosed: () => void }) {
  const [outcome, setOutcome] = useState<OutreachOutcome | null>(null);
  const close = useMutation({
    mutationFn: () => unwrap(scheduling.POST('/v1/outreach-tasks/{taskId}/close', { params: { path: { taskId } }, body: { outcome: outcome! } })),
    onSuccess: onClosed,
  });
  const errors = fieldErrors(problemOf(close.error));
  return (
    <Form className="subpanel" aria-label={`Close the follow-up: ${label}`} validationErrors={errors} onSubmit={(e) => { e.preventDefault(); if (outcome) close.mutate(); }}>
      <RadioInput label="Outcome" name="outcome" options={OUTREACH_OUTCOMES} value={outcome} onChange={setOutcome} isRequired />
      <FormActions messages={<ProblemMessage error={close.error} onReload={onClosed} shownFields={Object.keys(errors)} />}>
        <Button type="submit" className="button" isDisabled={close.isPending}>
          {close.isPending ? 'Closing…' : 'Close the follow-up'}
        </Button>
      </FormActions>
    </Form>
  );
}
