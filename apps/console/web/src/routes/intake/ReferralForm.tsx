import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { admissions, idempotencyKey, unwrap } from '../../api/client';
import type { components } from '../../api/admissions';
import { SelectInput, TextInput, Form, FormActions } from '../../components/fields';
import { ProblemMessage } from '../../components/feedback';
import { instantOf, localNow, localToday } from '../../lib/dates';
import { SOURCE_OPTIONS } from '../../lib/labels';
import { fieldErrors, problemOf } from '../../lib/problems';

type Source = components['schemas']['ReferPatientDto']['source'];

/** Receive a referral: registers the patient. Validated here first; the API's field errors show next to the fields. */
export function ReferralForm({ onCreated, onCancel }: { onCreated: (referralId: string) => void; onCancel: () => void }) {
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [dateOfBirth, setDateOfBirth] = useState('');
  const [phone, setPhone] = useState('');
  const [source, setSource] = useState<Source | null>(null);
  const [referredAt, setReferredAt] = useState(localNow());
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        admissions.POST('/v1/referrals', {
          headers: { 'Idempotency-Key': idempotencyKey() },
          body: {
            patient: { firstName: firstName.trim(), lastName: lastName.trim(), dateOfBirth, ...(phone.trim() ? { phone: phone.trim() } : {}) },
            source: source!,
            referredAt: instantOf(referredAt)!,
          },
        }),
      ),
    onSuccess: (r) => onCreated(r.referralId),
  });
  const errors = fieldErrors(problemOf(save.error));
  return (
    <section className="panel" aria-labelledby="referral-form-heading">
      <h2 id="referral-form-heading">New referral</h2>
      <Form
        validationErrors={errors}
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
        className="form-grid"
      >
        <TextInput label="First name" name="patient.firstName" value={firstName} onChange={setFirstName} isRequired maxLength={100} autoFocus
          validate={(v) => (v.trim() ? null : 'Enter the first name')} />
        <TextInput label="Last name" name="patient.lastName" value={lastName} onChange={setLastName} isRequired maxLength={100}
          validate={(v) => (v.trim() ? null : 'Enter the last name')} />
        <TextInput label="Date of birth" name="patient.dateOfBirth" type="date" value={dateOfBirth} onChange={setDateOfBirth} isRequired
          validate={(v) => (v && v > localToday() ? 'Cannot be in the future' : null)} />
        <TextInput label="Phone (optional)" name="patient.phone" type="tel" value={phone} onChange={setPhone}
          validate={(v) => (!v.trim() || /^\+?[0-9][0-9 ().-]{5,24}$/.test(v.trim()) ? null : 'Enter a phone number, e.g. +1 555 0100')} />
        <SelectInput label="Source" name="source" options={SOURCE_OPTIONS} value={source} onChange={setSource} isRequired />
        <TextInput label="Referred at" name="referredAt" type="datetime-local" value={referredAt} onChange={setReferredAt} isRequired
          validate={(v) => (instantOf(v) ? null : 'Enter the date and time of the referral')} />
        <FormActions messages={<ProblemMessage error={save.error} shownFields={Object.keys(errors)} />}>
          <Button type="submit" className="button" isDisabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save referral'}
          </Button>
          <Button className="button button-secondary" onPress={onCancel}>
            Cancel
          </Button>
        </FormActions>
      </Form>
    </section>
  );
}
