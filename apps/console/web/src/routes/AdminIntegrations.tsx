/**
 * The integrator's portal (`/admin/integrations`): the clinic's webhook subscriptions, each with its delivery log. The
 * integrator role sees this screen only, read-only; the admin also creates, edits, pauses, rotates, deletes, resends
 * and replays (the API allows those to the admin only: a subscription's recipient decides what Part 2 lets it receive).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { Link, useSearchParams } from 'react-router-dom';
import { unwrap, webhooks } from '../api/client';
import { Loading, ProblemMessage } from '../components/feedback';
import { hasRole, useSession } from '../lib/session';
import { useTitle } from '../lib/title';
import { SecretOnce } from './admin/controls';
import { RecipientText, SUBSCRIPTIONS_KEY, SubscriptionDetail, SubscriptionStatus } from './admin/Subscription';
import { SubscriptionForm } from './admin/SubscriptionForm';
import { AdminNav } from './admin/AdminNav';

export function AdminIntegrations() {
  useTitle('Integrations');
  const session = useSession();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const selected = params.get('subscription');
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<{ subscriptionId: string; secret: string } | null>(null);
  const allowed = hasRole(session.data, 'admin', 'integrator');
  const isAdmin = hasRole(session.data, 'admin');
  const list = useQuery({
    queryKey: SUBSCRIPTIONS_KEY,
    enabled: allowed,
    queryFn: () => unwrap(webhooks.GET('/v1/subscriptions', { params: { query: { limit: 200 } } })),
  });
  const select = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('subscription', id);
    else next.delete('subscription');
    setParams(next);
  };
  if (!allowed) {
    return (
      <section>
        <h1>Integrations</h1>
        <p>The integrations portal is for the clinic's admin and its integrators; your roles include neither.</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="integrations-heading">
      <div className="heading-row">
        <h1 id="integrations-heading">Integrations</h1>
        {isAdmin && !adding && (
          <Button className="button" onPress={() => { setCreated(null); setAdding(true); }}>
            New subscription
          </Button>
        )}
      </div>
      {isAdmin && <AdminNav />}
      <p>
        Webhook subscriptions send the clinic's events, signed (Standard Webhooks), to integrators' endpoints. An event about a patient goes only to a
        subscription that names a Part 2 recipient, and only under that patient's consent for that recipient and purpose.
      </p>
      {adding && (
        <section className="panel" aria-labelledby="new-subscription-heading">
          <h2 id="new-subscription-heading">New subscription</h2>
          <SubscriptionForm
            onSaved={(r) => {
              setAdding(false);
              setCreated({ subscriptionId: r.subscriptionId, secret: r.secret ?? '' });
              void queryClient.invalidateQueries({ queryKey: SUBSCRIPTIONS_KEY });
              select(r.subscriptionId);
            }}
            onCancel={() => setAdding(false)}
          />
        </section>
      )}
      {created && (
        <SecretOnce secret={created.secret} onDone={() => setCreated(null)}>
          Every delivery to this endpoint is signed with it.
        </SecretOnce>
      )}
      {selected && <SubscriptionDetail key={selected} subscriptionId={selected} onClosed={() => select(null)} />}
      <section className="panel" aria-labelledby="subscriptions-heading">
        <h2 id="subscriptions-heading">Subscriptions</h2>
        {list.isPending && <Loading what="the subscriptions" />}
        <ProblemMessage error={list.error} />
        {list.data?.items.length === 0 && <p className="subtle">No subscriptions yet.</p>}
        {list.data && list.data.items.length > 0 && (
          <div className="table-scroll">
            <table className="table">
              <caption className="visually-hidden">Webhook subscriptions, oldest first</caption>
              <thead>
                <tr>
                  <th scope="col">Subscription</th>
                  <th scope="col">Events</th>
                  <th scope="col">Part 2 recipient</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((s) => (
                  <tr key={s.subscriptionId} className={s.subscriptionId === selected ? 'selected' : undefined}>
                    <th scope="row" className="wrap">
                      <Link to={`/admin/integrations?subscription=${s.subscriptionId}`} className="row-link" aria-current={s.subscriptionId === selected ? 'true' : undefined}>
                        {s.description || s.url}
                      </Link>
                      {s.description && (
                        <div className="subtle">
                          <code>{s.url}</code>
                        </div>
                      )}
                    </th>
                    <td className="wrap">{s.eventTypes.join(', ')}</td>
                    <td>
                      <RecipientText s={s} />
                    </td>
                    <td>
                      <SubscriptionStatus s={s} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </section>
  );
}
