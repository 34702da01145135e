/**
 * Dead letters (`/admin/dead-letters`): the events each service's consumers parked (not valid, kept failing, or behind
 * an earlier parked event of the same key), for the clinic's admin: replay one (then those parked behind it, in key
 * order) or discard it, each after a confirmation. Every service answers for its own consumers, the FHIR facade's
 * included (its consumers of the other services' events park theirs the same way).
 */
import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { admissions, clinicalNotes, fhirPlatform, idempotencyKey, outcomes, scheduling, unwrap, webhooks } from '../api/client';
import { SelectInput, type Option } from '../components/fields';
import { Loading, ProblemMessage } from '../components/feedback';
import { hasRole, useSession } from '../lib/session';
import { useTitle } from '../lib/title';
import { AdminNav } from './admin/AdminNav';
import { ConfirmButton } from './admin/controls';
import { age, when } from './admin/forms';
import type { DeadLetter, Page } from './admin/types';

/**
 * The services the console reaches, each with its client. Every service serves the same dead-letter routes (from the
 * platform's event-store module), so one client's typing stands for all of them.
 */
const SERVICES = [
  { name: 'admissions', label: 'Admissions', client: admissions as unknown as typeof scheduling },
  { name: 'scheduling', label: 'Scheduling', client: scheduling },
  { name: 'clinical-notes', label: 'Clinical notes', client: clinicalNotes as unknown as typeof scheduling },
  { name: 'outcomes', label: 'Outcomes', client: outcomes as unknown as typeof scheduling },
  { name: 'webhooks', label: 'Webhooks', client: webhooks as unknown as typeof scheduling },
  { name: 'fhir', label: 'FHIR facade', client: fhirPlatform as unknown as typeof scheduling },
] as const;

/**
 * Who the services let list, replay and discard dead letters (libs/event-store admin.controllers.ts, docs/ACCESS.md):
 * a clinic's own admin. The platform's `operator` is not among them (its routes are the read-model rebuilds), so the
 * screen does not offer them what every service would answer 403.
 */
const DEAD_LETTER_ROLES = ['admin'];
type Service = (typeof SERVICES)[number];

type Status = DeadLetter['status'];
const STATUS_OPTIONS: readonly Option<Status>[] = [
  { id: 'parked', label: 'Parked' }, { id: 'replayed', label: 'Replayed' }, { id: 'discarded', label: 'Discarded' },
];
const REASONS: Record<DeadLetter['reason'], string> = {
  invalid: 'Not valid (not JSON or not its schema)',
  failed: 'Kept failing',
  behind: 'Behind an earlier parked event of its key',
};

export function AdminDeadLetters() {
  useTitle('Dead letters');
  const session = useSession();
  const [status, setStatus] = useState<Status>('parked');
  const isAdmin = hasRole(session.data, ...DEAD_LETTER_ROLES);
  const lists = useQueries({
    queries: SERVICES.map((s) => ({
      queryKey: ['dead-letters', s.name, status],
      enabled: isAdmin,
      queryFn: () => unwrap(s.client.GET('/v1/admin/dead-letters', { params: { query: { status, limit: 200 } } })),
    })),
  });
  if (!isAdmin) {
    return (
      <section>
        <h1>Dead letters</h1>
        <p>Dead letters are for the clinic's admin; your roles do not include it.</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="dead-letters-heading">
      <h1 id="dead-letters-heading">Dead letters</h1>
      <AdminNav />
      <p>
        Events a service's consumer could not apply are parked here instead of blocking the events after them. Replay one once its cause is fixed (the
        events of the same key parked behind it follow, in order), or discard it when it should never apply.
      </p>
      <SelectInput label="Show" name="status" options={STATUS_OPTIONS} value={status} onChange={(v) => v && setStatus(v)} />
      {SERVICES.map((s, i) => (
        <ServiceDeadLetters key={s.name} service={s} status={status} query={lists[i]} />
      ))}
    </section>
  );
}

function ServiceDeadLetters({ service, status, query }: {
  service: Service; status: Status; query: { isPending: boolean; error: unknown; data?: Page<DeadLetter> };
}) {
  const id = `dl-${service.name}`;
  const items = query.data?.items;
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>
        {service.label} <span className="count">{items ? items.length : ''}</span>
      </h2>
      {query.isPending && <Loading what={`${service.label.toLowerCase()}'s dead letters`} />}
      <ProblemMessage error={query.error} />
      {items && items.length === 0 && <p className="subtle">None {status}.</p>}
      {items && items.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">{service.label}: {status} events, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Consumer</th>
                <th scope="col">Why</th>
                <th scope="col">Error</th>
                <th scope="col" className="num">
                  Attempts
                </th>
                <th scope="col">Age</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <DeadLetterRow key={`${d.consumerName}-${d.id}`} service={service} letter={d} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {query.data?.nextCursor && <p className="subtle">The oldest 200 are shown: replay or discard these to see the next.</p>}
    </section>
  );
}

function DeadLetterRow({ service, letter: d }: { service: Service; letter: DeadLetter }) {
  const queryClient = useQueryClient();
  const done = () => void queryClient.invalidateQueries({ queryKey: ['dead-letters', service.name] });
  const path = { params: { path: { consumer: d.consumerName, id: d.id } }, headers: { 'Idempotency-Key': idempotencyKey() } };
  const replay = useMutation({
    mutationFn: () => unwrap(service.client.POST('/v1/admin/dead-letters/{consumer}/{id}/replay', path)),
    onSuccess: done,
  });
  const discard = useMutation({
    mutationFn: () => unwrap(service.client.POST('/v1/admin/dead-letters/{consumer}/{id}/discard', path)),
    onSuccess: done,
  });
  const name = d.eventType ?? `message at ${d.topic}/${d.partition}/${d.offset}`;
  return (
    <tr>
      <th scope="row" className="wrap">
        {name}
        <div className="subtle">
          #{d.id}
          {d.eventId && (
            <>
              {' '}
              event <code>{d.eventId}</code>
            </>
          )}
        </div>
      </th>
      <td>
        <code>{d.consumerName}</code>
      </td>
      <td>
        {REASONS[d.reason] ?? d.reason}
        {d.parkedBehind !== null && <span className="subtle"> (behind #{d.parkedBehind})</span>}
      </td>
      <td className="wrap">{d.error}</td>
      <td className="num">{d.attempts}</td>
      <td className="nowrap">
        <span title={when(d.parkedAt)}>{age(d.parkedAt)}</span>
      </td>
      <td>
        {d.status === 'parked' ? (
          <div className="actions">
            <ConfirmButton label="Replay" confirmLabel="Replay now" isPending={replay.isPending} onConfirm={() => replay.mutate()}
              question={`Replay ${name} (#${d.id}) into ${d.consumerName}?`} />
            <ConfirmButton label="Discard" confirmLabel="Discard it" danger isPending={discard.isPending} onConfirm={() => discard.mutate()}
              question={`Discard ${name} (#${d.id})? It will not be applied.`} />
          </div>
        ) : (
          <span className="subtle">{d.status}</span>
        )}
        {replay.data && (
          <p role="status" className={replay.data.failed ? 'notice notice-warn' : 'notice'}>
            {replay.data.failed
              ? `Replayed ${replay.data.replayed.length}; #${replay.data.failed.id} failed again: ${replay.data.failed.error}`
              : `Replayed ${replay.data.replayed.length}.`}
          </p>
        )}
        <ProblemMessage error={replay.error ?? discard.error} />
      </td>
    </tr>
  );
}
