/**
 * The episode's notes: the list, one opened at a time (its text, signature, co-signature and amendments), signing a
 * draft its author left unsigned, and the note's hash-chain verification (recomputed by clinical-notes from the stored
 * versions, so that an altered note shows as broken).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Button } from 'react-aria-components';
import { clinicalNotes, idempotencyKey, unwrap, unwrapUndocumented } from '../../api/client';
import type { ChainVerdict } from '../../api/undocumented';
import { ProblemMessage, Loading } from '../../components/feedback';
import { calendarDate } from '../../lib/dates';
import { useSession } from '../../lib/session';
import { ChartSection } from './ChartSection';

const dateOf = (iso: string) => calendarDate(iso.slice(0, 10));
const typeLabel = (type: string) => type.charAt(0).toUpperCase() + type.slice(1).replace(/-/g, ' ');
const statusLabel = (status: string) => (status === 'draft' ? 'Unsigned draft' : status === 'cosigned' ? 'Co-signed' : 'Signed');

export function Notes({ episodeId }: { episodeId: string }) {
  const q = useQuery({
    queryKey: ['notes', episodeId],
    queryFn: () => unwrap(clinicalNotes.GET('/v1/episodes/{episodeId}/notes', { params: { path: { episodeId }, query: { limit: 200 } } })),
  });
  const [open, setOpen] = useState<string | null>(null);
  return (
    <ChartSection title="Notes" query={q}>
      {(page) =>
        page.items.length === 0 ? (
          <p className="muted">No notes written.</p>
        ) : (
          <ul className="note-list chart-notes">
            {page.items.map((n) => (
              <li key={n.noteId} className="note-item">
                <Button className="button button-quiet" aria-expanded={open === n.noteId} onPress={() => setOpen(open === n.noteId ? null : n.noteId)}>
                  {typeLabel(n.type)} note, {dateOf(n.draftedAt)}
                </Button>{' '}
                <span className={`tag ${n.status === 'draft' ? 'tag-warn' : 'tag-ok'}`}>{statusLabel(n.status)}</span>{' '}
                <span className="muted">by {n.author}</span>
                {open === n.noteId && <NoteDetail noteId={n.noteId} episodeId={episodeId} />}
              </li>
            ))}
          </ul>
        )
      }
    </ChartSection>
  );
}

function NoteDetail({ noteId, episodeId }: { noteId: string; episodeId: string }) {
  const queryClient = useQueryClient();
  const session = useSession();
  const headingId = useId();
  const note = useQuery({ queryKey: ['note', noteId], queryFn: () => unwrap(clinicalNotes.GET('/v1/notes/{id}', { params: { path: { id: noteId } } })) });
  const verification = useQuery({
    queryKey: ['note-verification', noteId],
    enabled: !!note.data && note.data.status !== 'draft',
    queryFn: () => unwrapUndocumented<ChainVerdict>(clinicalNotes.GET('/v1/notes/{id}/verification', { params: { path: { id: noteId } } })),
  });
  const sign = useMutation({
    mutationFn: () => unwrap(clinicalNotes.POST('/v1/notes/{id}/sign', { params: { path: { id: noteId }, header: { 'Idempotency-Key': idempotencyKey() } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['note', noteId] });
      void queryClient.invalidateQueries({ queryKey: ['note-verification', noteId] });
      void queryClient.invalidateQueries({ queryKey: ['notes', episodeId] });
    },
  });
  if (note.isPending) return <Loading what="the note" />;
  if (!note.data) return <ProblemMessage error={note.error} />;
  const n = note.data;
  const mine = session.data?.subject === n.author;
  return (
    <article className="subpanel note-detail" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {typeLabel(n.type)} note of {dateOf(n.draftedAt)}
      </h3>
      {n.groupSummary && (
        <>
          <p className="subtle">Group summary</p>
          <p className="note-body">{n.groupSummary}</p>
        </>
      )}
      <p className="note-body">{n.body}</p>
      {n.crisis && (
        <p>
          Crisis risk: <strong>{n.crisis.riskLevel}</strong>
          {n.crisis.safetyPlan ? ` · Safety plan: ${n.crisis.safetyPlan}` : ''}
        </p>
      )}
      {n.amendments.length > 0 && (
        <>
          <p className="subtle">Amendments</p>
          <ul>
            {n.amendments.map((a) => (
              <li key={a.amendmentId}>
                {a.body} <span className="muted">({a.reason}; {a.author}, {dateOf(a.amendedAt)})</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        {n.signature ? `Signed by ${n.signature.signedBy} on ${dateOf(n.signature.signedAt)}${n.signature.late ? ' (late entry)' : ''}.` : 'Not signed.'}
        {n.cosignature?.cosignedBy ? ` Co-signed by ${n.cosignature.cosignedBy} on ${dateOf(n.cosignature.cosignedAt ?? '')}.` : n.cosignature?.required ? ' Awaiting co-signature.' : ''}
      </p>
      {n.status === 'draft' &&
        (mine ? (
          <Button className="button" onPress={() => sign.mutate()} isDisabled={sign.isPending}>
            {sign.isPending ? 'Signing…' : 'Sign this note'}
          </Button>
        ) : (
          <p className="muted">Only its author can sign it.</p>
        ))}
      <ProblemMessage error={sign.error} />
      {n.status !== 'draft' && (
        <p role="status" className="verification">
          {verification.isPending ? (
            'Verifying the hash chain…'
          ) : verification.data ? (
            verification.data.valid ? (
              <span className="tag tag-ok">Hash chain verified ({verification.data.versions} {verification.data.versions === 1 ? 'version' : 'versions'})</span>
            ) : (
              <span className="tag tag-error">Hash chain broken at version {verification.data.brokenAt ?? '?'}</span>
            )
          ) : (
            <span className="muted">Verification not available</span>
          )}
        </p>
      )}
    </article>
  );
}
