/**
 * 42 CFR Part 2 consents from the chart: granting one the patient signed (recipient and purpose codes of the consent
 * ledger, the categories of information, an optional expiry), and revoking one in full or for some of its categories.
 * After either, the consents, the header's consents in force and the accounting of disclosures are read again.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { Button } from 'react-aria-components';
import { admissions, idempotencyKey, unwrap } from '../../api/client';
import type { ConsentView } from '../../api/views';
import { CheckboxesInput, TextInput, Form, FormActions } from '../../components/fields';
import { ProblemMessage } from '../../components/feedback';
import { localToday } from '../../lib/dates';
import { fieldErrors, problemOf } from '../../lib/problems';
import { categoryLabel, CODE, CONSENT_CATEGORIES, consentBody, emptyConsent, revokeBody, type ConsentCategory, type ConsentForm } from './forms';

/** Who may grant and revoke (admissions' CONSENT_WRITERS). */
export const CONSENT_WRITERS = ['intake', 'admin', 'clinician', 'supervisor'];
/** The roles admissions shows the accounting of disclosures to (its DISCLOSURE_READERS). */
export const DISCLOSURE_READERS = ['admin', 'intake', 'supervisor', 'compliance'];

const codeProblem = (v: string) => (!v.trim() ? 'Required.' : CODE.test(v.trim()) ? null : 'Only lower-case letters, digits, “.”, “:” and “-”.');

function useConsentsChanged(patientId: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: ['consents', patientId] });
    void queryClient.invalidateQueries({ queryKey: ['disclosures', patientId] });
  };
}

export function GrantConsentForm({ patientId }: { patientId: string }) {
  const headingId = useId();
  const changed = useConsentsChanged(patientId);
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<ConsentForm>(emptyConsent);
  const [noCategory, setNoCategory] = useState(false);
  const save = useMutation({
    mutationFn: () => {
      const offset = form.expiresOn ? new Date(`${form.expiresOn}T23:59:59`).getTimezoneOffset() : 0;
      return unwrap(admissions.POST('/v1/patients/{patientId}/consents', {
        params: { path: { patientId } }, headers: { 'Idempotency-Key': idempotencyKey() }, body: consentBody(form, offset),
      }));
    },
    onSuccess: () => {
      setForm(emptyConsent());
      setOpen(false);
      changed();
    },
  });
  const errors = useMemo(() => {
    const api = fieldErrors(problemOf(save.error));
    // The expiry is a date on the form, an instant in the API.
    if (api.expiresAt) api.expiresOn = api.expiresAt;
    return noCategory ? { information: ['Choose at least one category.'], ...api } : api;
  }, [save.error, noCategory]);
  if (!open) {
    return (
      <div className="chart-actions">
        <Button className="button button-secondary" onPress={() => setOpen(true)}>
          Record a consent
        </Button>
        {save.isSuccess && <span role="status" className="notice">Consent recorded.</span>}
      </div>
    );
  }
  return (
    <section className="subpanel" aria-labelledby={headingId}>
      <h3 id={headingId}>Record a consent the patient signed</h3>
      <Form
        validationErrors={errors}
        onSubmit={(e) => {
          e.preventDefault();
          setNoCategory(form.information.length === 0);
          if (form.information.length > 0) save.mutate();
        }}
      >
        <div className="form-grid">
          <TextInput label="Recipient" name="recipient" value={form.recipient} onChange={(v) => setForm((f) => ({ ...f, recipient: v }))} isRequired maxLength={64}
            description="The recipient's code in the consent ledger, never a person's name (e.g. payer:acme-health)" validate={codeProblem} />
          <TextInput label="Purpose" name="purpose" value={form.purpose} onChange={(v) => setForm((f) => ({ ...f, purpose: v }))} isRequired maxLength={64}
            description="A code, e.g. payment or treatment" validate={codeProblem} />
        </div>
        <CheckboxesInput label="Information the consent covers" name="information" options={CONSENT_CATEGORIES} value={form.information}
          onChange={(v) => {
            setNoCategory(false);
            setForm((f) => ({ ...f, information: v }));
          }} />
        <TextInput type="date" label="Expires after (optional)" name="expiresOn" value={form.expiresOn} onChange={(v) => setForm((f) => ({ ...f, expiresOn: v }))}
          description="The consent ends at the end of this day"
          validate={(v) => (v && v <= localToday() ? 'A date after today.' : null)} />
        <FormActions messages={<ProblemMessage error={save.error} shownFields={Object.keys(errors)} />}>
          <Button type="submit" className="button" isDisabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Record the consent'}
          </Button>
          <Button className="button button-quiet" onPress={() => setOpen(false)}>
            Cancel
          </Button>
        </FormActions>
      </Form>
    </section>
  );
}

/** Revoke a consent in force: every category it still covers (in full) or only those chosen (in part). */
export function RevokeConsentForm({ consent }: { consent: ConsentView }) {
  const changed = useConsentsChanged(consent.patientId);
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<ConsentCategory[]>([]);
  const [noCategory, setNoCategory] = useState(false);
  const covered = consent.information as ConsentCategory[];
  const save = useMutation({
    mutationFn: () =>
      unwrap(admissions.POST('/v1/consents/{consentId}/revoke', {
        params: { path: { consentId: consent.consentId } }, headers: { 'Idempotency-Key': idempotencyKey() }, body: revokeBody(covered, chosen),
      })),
    onSuccess: () => {
      setOpen(false);
      setChosen([]);
      changed();
    },
  });
  const errors = useMemo(() => {
    const api = fieldErrors(problemOf(save.error));
    return noCategory ? { information: ['Choose what to revoke.'], ...api } : api;
  }, [save.error, noCategory]);
  const all = chosen.length === covered.length;
  if (!open) {
    return (
      <Button className="button button-secondary" onPress={() => setOpen(true)} aria-label={`Revoke the consent for ${consent.recipient}`}>
        Revoke…
      </Button>
    );
  }
  return (
    <Form
      aria-label={`Revoke the consent for ${consent.recipient}`}
      validationErrors={errors}
      onSubmit={(e) => {
        e.preventDefault();
        setNoCategory(chosen.length === 0);
        if (chosen.length > 0) save.mutate();
      }}
    >
      <CheckboxesInput label={`Revoke for ${consent.recipient}`} name="information" orientation="vertical"
        description="All of them revokes the consent in full; what was disclosed before stays disclosed."
        options={covered.map((c) => ({ id: c, label: categoryLabel(c) }))} value={chosen}
        onChange={(v) => {
          setNoCategory(false);
          setChosen(v);
        }} />
      <FormActions messages={<ProblemMessage error={save.error} shownFields={Object.keys(errors)} onReload={() => {
        save.reset();
        changed();
      }} />}>
        <Button type="submit" className="button button-danger" isDisabled={save.isPending}>
          {save.isPending ? 'Revoking…' : chosen.length === 0 ? 'Revoke' : all ? 'Revoke in full' : 'Revoke these categories'}
        </Button>
        <Button className="button button-quiet" onPress={() => setOpen(false)}>
          Cancel
        </Button>
      </FormActions>
    </Form>
  );
}
