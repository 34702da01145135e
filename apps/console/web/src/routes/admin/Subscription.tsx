/**
 * One webhook subscription: its settings and health, what an admin does with it (edit, pause or resume, rotate the
 * secret, delete, replay from a time), and its delivery log: each message with its attempts (outcome, HTTP status,
 * latency) and, for an admin, resend. The integrator reads the same, without the actions (the API allows them none).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useId, useState } from 'react';
import { Button } from 'react-aria-components';
import { idempotencyKey, unwrap, unwrapWithEtag, webhooks } from '../../api/client';
import { SelectInput, TextInput, type Option, Form, FormActions } from '../../components/fields';
import { Loading, ProblemMessage } from '../../components/feedback';
import { instantOf } from '../../lib/dates';
import { fieldErrors, problemOf } from '../../lib/problems';
import { hasRole, useSession } from '../../lib/session';
import { ConfirmButton, SecretOnce } from './controls';
import { when } from './forms';
import { SubscriptionForm } from './SubscriptionForm';
import { MESSAGE_STATUSES, type MessageStatus, type SecretRotated, type Subscription as SubscriptionView, type WebhookMessage } from './types';

export const SUBSCRIPTIONS_KEY = ['webhooks', 'subscriptions'];

const STATUS_TAG: Record<SubscriptionView['status'], string> = { active: 'tag-ok', paused: 'tag-warn', disabled: 'tag-error' };
const MESSAGE_TAG: Record<MessageStatus, string> = { pending: '', delivered: 'tag-ok', withheld: 'tag-warn', exhausted: 'tag-error', cancelled: 'tag-warn' };

export function SubscriptionStatus({ s }: { s: SubscriptionView }) {
  return (
    <>
      <span className={`tag ${STATUS_TAG[s.status]}`}>{s.status}</span>
      {s.failingSince && <span className="subtle"> failing since {when(s.failingSince)}</span>}
    </>
  );
}

/** Whom patient events go to, as Part 2 reads it: the recipient and purpose a consent must name. */
export function RecipientText({ s }: { s: SubscriptionView }) {
  return s.recipient ? (
    <>
      <code>{s.recipient}</code> <span className="subtle">for {s.purpose ?? 'no purpose'}</span>
    </>
  ) : (
    <span className="subtle">None: no event about a patient is delivered</span>
  );
}

export function SubscriptionDetail({ subscriptionId, onClosed }: { subscriptionId: string; onClosed: () => void }) {
  const session = useSession();
  const isAdmin = hasRole(session.data, 'admin');
  const queryClient = useQueryClient();
  const headingId = useId();
  const key = ['webhooks', 'subscription', subscriptionId];
  const q = useQuery({
    queryKey: key,
    queryFn: async () => {
      const { body, etag } = await unwrapWithEtag(webhooks.GET('/v1/subscriptions/{id}', { params: { path: { id: subscriptionId } } }));
      return { body: body as unknown as SubscriptionView, etag };
    },
  });
  const [editing, setEditing] = useState(false);
  const [secret, setSecret] = useState<SecretRotated | null>(null);
  const changed = (view?: SubscriptionView) => {
    if (view) queryClient.setQueryData(key, { body: view, etag: `"${view.version}"` });
    void queryClient.invalidateQueries({ queryKey: key });
    void queryClient.invalidateQueries({ queryKey: SUBSCRIPTIONS_KEY });
  };
  const pauseOrResume = useMutation({
    mutationFn: (action: 'pause' | 'resume') =>
      unwrap(
        action === 'pause'
          ? webhooks.POST('/v1/subscriptions/{id}/pause', { params: { path: { id: subscriptionId } } })
          : webhooks.POST('/v1/subscriptions/{id}/resume', { params: { path: { id: subscriptionId } } }),
      ),
    onSuccess: changed,
  });
  const rotate = useMutation({
    mutationFn: () =>
      unwrap(webhooks.POST('/v1/subscriptions/{id}/rotate-secret', {
        params: { path: { id: subscriptionId } }, headers: { 'Idempotency-Key': idempotencyKey() },
      })),
    onSuccess: (answer) => {
      setSecret(answer);
      changed();
    },
  });
  const remove = useMutation({
    mutationFn: () => unwrap(webhooks.DELETE('/v1/subscriptions/{id}', { params: { path: { id: subscriptionId } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: SUBSCRIPTIONS_KEY });
      onClosed();
    },
  });
  if (q.isPending) return <Loading what="the subscription" />;
  if (!q.data) return <ProblemMessage error={q.error} />;
  const s = q.data.body;
  const title = s.description || s.url;
  return (
    <section className="panel" aria-labelledby={headingId}>
      <div className="heading-row">
        <h2 id={headingId}>Subscription: {title}</h2>
        <Button className="button button-secondary" onPress={onClosed}>
          Close
        </Button>
      </div>
      {secret && (
        <SecretOnce secret={secret.secret} onDone={() => setSecret(null)}>
          The previous secret keeps signing, as a second signature, until {when(secret.previousSecretValidUntil)}.
        </SecretOnce>
      )}
      {editing ? (
        <SubscriptionForm
          existing={s}
          etag={q.data.etag}
          onSaved={() => {
            setEditing(false);
            changed();
          }}
          onCancel={() => setEditing(false)}
          onReload={() => void q.refetch()}
        />
      ) : (
        <dl className="facts">
          <div>
            <dt>Endpoint</dt>
            <dd className="wrap">
              <code>{s.url}</code>
            </dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd>
              <SubscriptionStatus s={s} />
              {s.disabledReason && <span className="subtle"> ({s.disabledReason})</span>}
            </dd>
          </div>
          <div>
            <dt>Events</dt>
            <dd>{s.eventTypes.join(', ')}</dd>
          </div>
          <div>
            <dt>Part 2 recipient</dt>
            <dd>
              <RecipientText s={s} />
            </dd>
          </div>
          <div>
            <dt>Rate limit</dt>
            <dd>{s.rateLimit ? `${s.rateLimit} per second` : 'None'}</dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>{when(s.createdAt)}</dd>
          </div>
        </dl>
      )}
      {isAdmin && !editing && (
        <div className="actions" role="group" aria-label="Subscription actions">
          <Button className="button button-secondary" onPress={() => setEditing(true)}>
            Edit
          </Button>
          {s.status === 'active' ? (
            <Button className="button button-secondary" onPress={() => pauseOrResume.mutate('pause')} isDisabled={pauseOrResume.isPending}>
              Pause deliveries
            </Button>
          ) : (
            <Button className="button button-secondary" onPress={() => pauseOrResume.mutate('resume')} isDisabled={pauseOrResume.isPending}>
              Resume deliveries
            </Button>
          )}
          <ConfirmButton label="Rotate the secret" confirmLabel="Rotate now" isPending={rotate.isPending} onConfirm={() => rotate.mutate()}
            question="Issue a new signing secret? The old one keeps signing for 24 hours." />
          <ConfirmButton label="Delete" confirmLabel="Delete the subscription" danger isPending={remove.isPending} onConfirm={() => remove.mutate()}
            question="Delete this subscription? Its queued messages are cancelled." />
        </div>
      )}
      <ProblemMessage error={pauseOrResume.error ?? rotate.error ?? remove.error} onReload={() => void q.refetch()} />
      {isAdmin && <ReplayForm subscriptionId={subscriptionId} />}
      <DeliveryLog subscriptionId={subscriptionId} isAdmin={isAdmin} />
    </section>
  );
}

/** A day ago, as a datetime-local value: where a replay usually starts. */
function dayAgo(): string {
  const d = new Date(Date.now() - 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function ReplayForm({ subscriptionId }: { subscriptionId: string }) {
  const queryClient = useQueryClient();
  const headingId = useId();
  const [since, setSince] = useState(dayAgo());
  const replay = useMutation({
    mutationFn: () =>
      unwrap(webhooks.POST('/v1/subscriptions/{id}/replay', {
        params: { path: { id: subscriptionId } }, headers: { 'Idempotency-Key': idempotencyKey() }, body: { since: instantOf(since)! },
      })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['webhooks', 'messages', subscriptionId] }),
  });
  const errors = fieldErrors(problemOf(replay.error));
  return (
    <section className="subpanel" aria-labelledby={headingId}>
      <h3 id={headingId}>Replay</h3>
      <Form validationErrors={errors} onSubmit={(e) => { e.preventDefault(); replay.mutate(); }} className="form-grid">
        <TextInput label="Send again everything since" name="since" type="datetime-local" value={since} onChange={(v) => { replay.reset(); setSince(v); }} isRequired
          description="Messages since then go out again, and events the endpoint missed (while paused, say) are added"
          validate={(v) => (instantOf(v) ? (new Date(v).getTime() > Date.now() ? 'Not in the future' : null) : 'Enter a date and time')} />
        <FormActions messages={<>
          <ProblemMessage error={replay.error} shownFields={Object.keys(errors)} />
          {replay.data && (
            <p role="status" className="notice">
              Replay queued: {replay.data.requeued} sent again, {replay.data.created} missed {replay.data.created === 1 ? 'message' : 'messages'} added.
            </p>
          )}
        </>}>
          <Button type="submit" className="button button-secondary" isDisabled={replay.isPending}>
            {replay.isPending ? 'Replaying…' : 'Replay'}
          </Button>
        </FormActions>
      </Form>
    </section>
  );
}

const STATUS_FILTER: readonly Option<MessageStatus | 'all'>[] = [{ id: 'all', label: 'All' }, ...MESSAGE_STATUSES.map((s) => ({ id: s, label: s }))];

function DeliveryLog({ subscriptionId, isAdmin }: { subscriptionId: string; isAdmin: boolean }) {
  const headingId = useId();
  const [status, setStatus] = useState<MessageStatus | 'all'>('all');
  const [open, setOpen] = useState<string | null>(null);
  const messages = useQuery({
    queryKey: ['webhooks', 'messages', subscriptionId, status],
    // Deliveries keep happening while the log is open: it follows them.
    refetchInterval: 5_000,
    queryFn: () =>
      unwrap(webhooks.GET('/v1/subscriptions/{id}/messages', {
        params: { path: { id: subscriptionId }, query: { limit: 100, ...(status === 'all' ? {} : { status }) } },
      })),
  });
  return (
    <section className="subpanel" aria-labelledby={headingId}>
      <div className="heading-row">
        <h3 id={headingId}>Delivery log</h3>
        <Button className="button button-secondary" onPress={() => void messages.refetch()} isDisabled={messages.isFetching}>
          Refresh
        </Button>
      </div>
      <SelectInput label="Messages" name="status" options={STATUS_FILTER} value={status} onChange={(v) => setStatus(v ?? 'all')} />
      {messages.isPending && <Loading what="the delivery log" />}
      <ProblemMessage error={messages.error} />
      {messages.data && messages.data.items.length === 0 && <p className="subtle">No messages yet.</p>}
      {messages.data && messages.data.items.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">Messages, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Attempts
                </th>
                <th scope="col" className="num">
                  Last HTTP status
                </th>
                <th scope="col">Created</th>
                <th scope="col">Delivered or next attempt</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {messages.data.items.map((m) => (
                <Fragment key={m.messageId}>
                  <tr className={open === m.messageId ? 'selected' : undefined}>
                    <th scope="row">
                      {m.eventType}
                      <div className="subtle">
                        <code>{m.messageId}</code>
                      </div>
                    </th>
                    <td>
                      <span className={`tag ${MESSAGE_TAG[m.status]}`}>{m.status}</span>
                      {m.statusReason && <span className="subtle"> {m.statusReason}</span>}
                    </td>
                    <td className="num">{m.attempts}</td>
                    <td className="num">{m.lastHttpStatus ?? '—'}</td>
                    <td className="nowrap">{when(m.createdAt)}</td>
                    <td className="nowrap">{m.deliveredAt ? when(m.deliveredAt) : m.nextAttemptAt ? `next ${when(m.nextAttemptAt)}` : '—'}</td>
                    <td>
                      <div className="actions">
                        <Button className="button button-quiet" aria-expanded={open === m.messageId} onPress={() => setOpen(open === m.messageId ? null : m.messageId)}
                          aria-label={`Attempts of ${m.eventType} message ${m.messageId}`}>
                          Attempts
                        </Button>
                        {isAdmin && <ResendButton message={m} />}
                      </div>
                    </td>
                  </tr>
                  {open === m.messageId && (
                    <tr>
                      <td colSpan={7}>
                        <Attempts messageId={m.messageId} eventType={m.eventType} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {messages.data?.nextCursor && <p className="subtle">The newest 100 messages are shown; filter by status to find older ones.</p>}
    </section>
  );
}

function ResendButton({ message }: { message: WebhookMessage }) {
  const queryClient = useQueryClient();
  const resend = useMutation({
    mutationFn: () =>
      unwrap(webhooks.POST('/v1/messages/{id}/resend', {
        params: { path: { id: message.messageId } }, headers: { 'Idempotency-Key': idempotencyKey() },
      })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['webhooks', 'messages', message.subscriptionId] }),
  });
  if (message.status === 'cancelled') return null;
  return (
    <>
      <ConfirmButton label="Resend" confirmLabel="Send it again" isPending={resend.isPending} onConfirm={() => resend.mutate()}
        question={`Send this ${message.eventType} message again now?`} />
      {resend.isSuccess && (
        <span role="status" className="tag tag-ok">
          Queued
        </span>
      )}
      <ProblemMessage error={resend.error} />
    </>
  );
}

function Attempts({ messageId, eventType }: { messageId: string; eventType: string }) {
  const q = useQuery({
    queryKey: ['webhooks', 'attempts', messageId],
    queryFn: () => unwrap(webhooks.GET('/v1/messages/{id}/attempts', { params: { path: { id: messageId }, query: { limit: 100 } } })),
  });
  if (q.isPending) return <Loading what="the attempts" />;
  if (!q.data) return <ProblemMessage error={q.error} />;
  if (q.data.items.length === 0) return <p className="subtle">Not attempted yet.</p>;
  return (
    <table className="table">
      <caption>Attempts of {eventType} message</caption>
      <thead>
        <tr>
          <th scope="col" className="num">
            #
          </th>
          <th scope="col">When</th>
          <th scope="col">Outcome</th>
          <th scope="col" className="num">
            HTTP status
          </th>
          <th scope="col" className="num">
            Time taken
          </th>
          <th scope="col">Answer or error</th>
        </tr>
      </thead>
      <tbody>
        {q.data.items.map((a) => (
          <tr key={a.attempt}>
            <td className="num">{a.attempt}</td>
            <td className="nowrap">{when(a.attemptedAt)}</td>
            <td>{a.outcome}</td>
            <td className="num">{a.httpStatus ?? '—'}</td>
            <td className="num">{a.latencyMs === null ? '—' : `${a.latencyMs} ms`}</td>
            <td className="wrap">{a.error ?? a.response ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
