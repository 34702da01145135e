/**
 * A webhook subscription's settings: the endpoint, the event types it receives, and the 42 CFR Part 2 recipient it
 * stands for. Creating one answers its signing secret once; editing sends only what changed, with the version read
 * (If-Match), so that a change made meanwhile is a 409 and not a lost update.
 */
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import type { components } from '../../api/webhooks';
import { idempotencyKey, unwrap, webhooks } from '../../api/client';
import { CheckboxesInput, NumberInput, TextAreaInput, TextInput, type Option, Form, FormActions } from '../../components/fields';
import { ProblemMessage } from '../../components/feedback';
import { fieldErrors, problemOf } from '../../lib/problems';
import { listFieldErrors } from './forms';
import type { Subscription } from './types';

type EventType = components['schemas']['CreateSubscriptionDto']['eventTypes'][number];

/** Each service's family of events; single types go in the text field. */
const FAMILIES: readonly Option<string>[] = [
  { id: 'iop.admissions.*', label: 'Admissions (iop.admissions.*)' },
  { id: 'iop.scheduling.*', label: 'Scheduling (iop.scheduling.*)' },
  { id: 'iop.clinical-notes.*', label: 'Clinical notes (iop.clinical-notes.*)' },
  { id: 'iop.outcomes.*', label: 'Outcomes (iop.outcomes.*)' },
  { id: 'iop.webhooks.*', label: 'Another endpoint of the clinic disabled (iop.webhooks.*)' },
];

const RECIPIENT = /^[a-z0-9][a-z0-9.:-]*$/;
const PURPOSE = /^[a-z0-9][a-z0-9-]*$/;
const linesOf = (text: string): string[] => text.split(/[\s,]+/).map((t) => t.trim()).filter(Boolean);

export function SubscriptionForm({ existing, etag, onSaved, onCancel, onReload }: {
  existing?: Subscription; etag?: string | null; onSaved: (result: { subscriptionId: string; secret?: string }) => void; onCancel: () => void; onReload?: () => void;
}) {
  const [url, setUrl] = useState(existing?.url ?? '');
  const [description, setDescription] = useState(existing?.description ?? '');
  const [families, setFamilies] = useState<string[]>(existing?.eventTypes.filter((t) => FAMILIES.some((f) => f.id === t)) ?? []);
  const [others, setOthers] = useState((existing?.eventTypes ?? []).filter((t) => !FAMILIES.some((f) => f.id === t)).join('\n'));
  const [recipient, setRecipient] = useState(existing?.recipient ?? '');
  const [purpose, setPurpose] = useState(existing?.purpose ?? '');
  const [rateLimit, setRateLimit] = useState<number | undefined>(existing?.rateLimit ?? undefined);
  const eventTypes = [...families, ...linesOf(others)] as EventType[];
  const save = useMutation({
    mutationFn: async (): Promise<{ subscriptionId: string; secret?: string }> => {
      const body = {
        url: url.trim(), eventTypes, description: description.trim() || null, recipient: recipient.trim() || null,
        purpose: recipient.trim() ? purpose.trim() || null : null, rateLimit: rateLimit ?? null,
      };
      if (!existing) {
        const created = await unwrap(webhooks.POST('/v1/subscriptions', {
          headers: { 'Idempotency-Key': idempotencyKey() },
          body: {
            url: body.url, eventTypes, ...(body.description ? { description: body.description } : {}), ...(body.recipient ? { recipient: body.recipient } : {}),
            ...(body.purpose ? { purpose: body.purpose } : {}), ...(body.rateLimit ? { rateLimit: body.rateLimit } : {}),
          },
        }));
        return created;
      }
      // Only what changed: a field left alone is not sent, so it cannot overwrite someone else's change to it.
      const changes = Object.fromEntries(Object.entries(body).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(existing[k as keyof Subscription] ?? null)));
      const saved = await unwrap(webhooks.PATCH('/v1/subscriptions/{id}', {
        params: { path: { id: existing.subscriptionId } }, headers: etag ? { 'If-Match': etag } : {}, body: changes as components['schemas']['UpdateSubscriptionDto'],
      }));
      return { subscriptionId: saved.subscriptionId };
    },
    onSuccess: onSaved,
  });
  const errors = listFieldErrors(fieldErrors(problemOf(save.error)), ['eventTypes']);
  return (
    <Form validationErrors={errors} onSubmit={(e) => { e.preventDefault(); save.mutate(); }} className="form-grid">
      <TextInput label="Endpoint URL" name="url" value={url} onChange={setUrl} isRequired maxLength={2048} autoFocus className="span-2"
        description="https, on the receiving system; deliveries are signed (Standard Webhooks) with the subscription's secret"
        validate={(v) => (/^https?:\/\/[^\s]+$/.test(v.trim()) ? null : 'Enter the endpoint\'s URL, e.g. https://billing.example.com/iop/webhooks')} />
      <TextInput label="Description" name="description" value={description} onChange={setDescription} maxLength={256} className="span-2" />
      <CheckboxesInput label="Events" name="eventTypes" options={FAMILIES} value={families} onChange={setFamilies} className="span-2"
        description="Every event of a service; or list single types below"
        validate={() => (eventTypes.length ? null : 'Choose at least one family or list an event type')} />
      <TextAreaInput label="Single event types (one per line)" name="eventTypesOther" value={others} onChange={setOthers} rows={2} className="span-2"
        description="e.g. iop.scheduling.LocationConfigured.v1, or a family of one type: iop.admissions.PatientAdmitted.*" />
      <TextInput label="Part 2 recipient" name="recipient" value={recipient} onChange={setRecipient} maxLength={64}
        description="The recipient a patient's consent names, e.g. payer:acme-health. Without one, no event about a patient is delivered."
        validate={(v) => (!v.trim() || RECIPIENT.test(v.trim()) ? null : 'A recipient code: lower-case letters, digits, dots, colons and dashes')} />
      <TextInput label="Purpose" name="purpose" value={purpose} onChange={setPurpose} maxLength={64} isDisabled={!recipient.trim()}
        description="Why the recipient receives patient events (a consent must name the same purpose), e.g. payment"
        validate={(v) => (!recipient.trim() ? null : !v.trim() ? 'A recipient needs its purpose' : PURPOSE.test(v.trim()) ? null : 'A purpose code, e.g. payment, treatment')} />
      <NumberInput label="Deliveries per second (optional)" name="rateLimit" value={rateLimit} onChange={setRateLimit} minValue={1} maxValue={100_000} />
      <FormActions messages={<ProblemMessage error={save.error} shownFields={Object.keys(errors)} onReload={onReload ? () => { save.reset(); onReload(); } : undefined} />}>
        <Button type="submit" className="button" isDisabled={save.isPending}>
          {save.isPending ? 'Saving…' : existing ? 'Save changes' : 'Create subscription'}
        </Button>
        <Button className="button button-secondary" onPress={onCancel}>
          Cancel
        </Button>
      </FormActions>
    </Form>
  );
}
