import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Button } from 'react-aria-components';
import { clinicalNotes, idempotencyKey, unwrap } from '../../api/client';
import { Loading, ProblemMessage } from '../../components/feedback';
import { humanize } from './queue';

/**
 * A note read before it is signed (its author) or co-signed (a supervisor): the text as it stands, then the one button.
 * Reading it is the note's own audited read; a 409 (signed or co-signed meanwhile) says so and the queue refreshes.
 */
export function ReviewNote({ noteId, mode, onDone }: { noteId: string; mode: 'sign' | 'cosign'; onDone: () => void }) {
  const headingId = useId();
  const [key] = useState(idempotencyKey);
  const note = useQuery({ queryKey: ['note', noteId], queryFn: () => unwrap(clinicalNotes.GET('/v1/notes/{id}', { params: { path: { id: noteId } } })) });
  const act = useMutation({
    mutationFn: async (): Promise<void> => {
      const params = { path: { id: noteId }, header: { 'Idempotency-Key': key } };
      if (mode === 'sign') await unwrap(clinicalNotes.POST('/v1/notes/{id}/sign', { params }));
      else await unwrap(clinicalNotes.POST('/v1/notes/{id}/cosign', { params }));
    },
    onSuccess: onDone,
  });
  if (note.isPending) return <Loading what="the note" />;
  if (!note.data) return <ProblemMessage error={note.error} />;
  const n = note.data;
  return (
    <article className="subpanel note-detail" aria-labelledby={headingId}>
      <h3 id={headingId}>{humanize(n.type)} note by {n.author}</h3>
      {n.groupSummary && (
        <>
          <p className="subtle">Group summary</p>
          <p className="note-body">{n.groupSummary}</p>
        </>
      )}
      <p className="note-body">{n.body}</p>
      {n.crisis && <p>Crisis risk: <strong>{n.crisis.riskLevel}</strong></p>}
      <ProblemMessage error={act.error} onReload={onDone} />
      <Button className="button" onPress={() => act.mutate()} isDisabled={act.isPending}>
        {mode === 'sign' ? (act.isPending ? 'Signing…' : 'Sign this note') : act.isPending ? 'Co-signing…' : 'Co-sign this note'}
      </Button>
    </article>
  );
}
