import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { admissions, unwrap } from '../../api/client';
import { TextAreaInput, Form, FormActions } from '../../components/fields';
import { ProblemMessage } from '../../components/feedback';
import { fieldErrors, problemOf } from '../../lib/problems';
import type { Versioned } from './ReferralDetail';

type Props = { versioned: Versioned; onSaved: () => void; onReload: () => void };

/** The program declines the referral: a reason is required. */
export function DeclineForm({ versioned, onSaved, onReload }: Props) {
  const [reason, setReason] = useState('');
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        admissions.POST('/v1/referrals/{referralId}/decline', {
          params: { path: { referralId: versioned.referral.referralId } },
          headers: versioned.etag ? { 'If-Match': versioned.etag } : {},
          body: { reason: reason.trim() },
        }),
      ),
    onSuccess: onSaved,
  });
  const errors = fieldErrors(problemOf(save.error));
  return (
    <section className="subpanel" aria-labelledby="decline-heading">
      <h3 id="decline-heading">Decline</h3>
      <Form validationErrors={errors} onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
        <TextAreaInput label="Reason for declining" name="reason" value={reason} onChange={setReason} isRequired maxLength={2000}
          validate={(v) => (v.trim() ? null : 'A reason is required')} rows={2} />
        <FormActions messages={<ProblemMessage error={save.error} onReload={() => {
            save.reset();
            onReload();
          }} shownFields={Object.keys(errors)} />}>
          <Button type="submit" className="button button-danger" isDisabled={save.isPending}>
            {save.isPending ? 'Declining…' : 'Decline referral'}
          </Button>
        </FormActions>
      </Form>
    </section>
  );
}

/** Put the referral on the waitlist (it can still be assessed and admitted); the reason is optional. */
export function WaitlistForm({ versioned, onSaved, onReload }: Props) {
  const [reason, setReason] = useState('');
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        admissions.POST('/v1/referrals/{referralId}/waitlist', {
          params: { path: { referralId: versioned.referral.referralId } },
          headers: versioned.etag ? { 'If-Match': versioned.etag } : {},
          body: reason.trim() ? { reason: reason.trim() } : {},
        }),
      ),
    onSuccess: onSaved,
  });
  const errors = fieldErrors(problemOf(save.error));
  return (
    <section className="subpanel" aria-labelledby="waitlist-heading">
      <h3 id="waitlist-heading">Waitlist</h3>
      <Form validationErrors={errors} onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
        <TextAreaInput label="Reason (optional)" name="reason" value={reason} onChange={setReason} maxLength={2000} rows={2} />
        <FormActions messages={<ProblemMessage error={save.error} onReload={() => {
            save.reset();
            onReload();
          }} shownFields={Object.keys(errors)} />}>
          <Button type="submit" className="button button-secondary" isDisabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Put on the waitlist'}
          </Button>
        </FormActions>
      </Form>
    </section>
  );
}
