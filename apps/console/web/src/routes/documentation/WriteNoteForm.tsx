import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { clinicalNotes, idempotencyKey, unwrap } from '../../api/client';
import { ProblemMessage } from '../../components/feedback';
import { SelectInput, TextAreaInput, Form, FormActions } from '../../components/fields';
import { fieldErrors, problemOf } from '../../lib/problems';
import { humanize, NOTE_TYPES, type NoteType } from './queue';

const RISK_LEVELS = ['low', 'moderate', 'high', 'imminent'] as const;
type RiskLevel = (typeof RISK_LEVELS)[number];

type Props = {
  episodeId: string;
  sessionId: string | null;
  /** The type the item calls for (the clinician may choose another). */
  initialType: NoteType;
  label: string;
  onSigned: () => void;
};

/**
 * Write the missing note and sign it, in the queue. The note is saved as a draft, then signed: should the signing fail
 * (a 409, the network), the draft is kept and the next attempt edits it rather than writing a second one; what was
 * typed stays in the form until the note is signed.
 */
export function WriteNoteForm({ episodeId, sessionId, initialType, label, onSigned }: Props) {
  const [type, setType] = useState<NoteType>(initialType);
  const [body, setBody] = useState('');
  const [groupSummary, setGroupSummary] = useState('');
  const [riskLevel, setRiskLevel] = useState<RiskLevel | null>(null);
  const [noteId, setNoteId] = useState<string | null>(null);
  const [key] = useState(idempotencyKey);

  const save = useMutation({
    mutationFn: async () => {
      const content = {
        body: body.trim(),
        ...(type === 'group-session' ? { groupSummary: groupSummary.trim() } : {}),
        ...(type === 'crisis' && riskLevel ? { crisis: { riskLevel } } : {}),
      };
      let id = noteId;
      if (id) {
        await unwrap(clinicalNotes.PATCH('/v1/notes/{id}', { params: { path: { id } }, body: content }));
      } else {
        const created = await unwrap(clinicalNotes.POST('/v1/notes', {
          params: { header: { 'Idempotency-Key': key } },
          body: { episodeId, ...(sessionId ? { sessionId } : {}), type, ...content },
        }));
        id = created.noteId;
        setNoteId(id);
      }
      return unwrap(clinicalNotes.POST('/v1/notes/{id}/sign', { params: { path: { id }, header: { 'Idempotency-Key': `${key}-sign` } } }));
    },
    onSuccess: onSigned,
  });
  const errors = fieldErrors(problemOf(save.error));
  return (
    <Form className="subpanel" aria-label={`Write the note: ${label}`} validationErrors={errors} onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
      {noteId ? (
        <p className="muted">The note is saved as a draft, not signed yet: signing again saves what the form holds, then signs.</p>
      ) : (
        <SelectInput label="Type of note" name="type" options={NOTE_TYPES.map((id) => ({ id, label: humanize(id) }))} value={type}
          onChange={(v) => v && setType(v)} isRequired />
      )}
      {type === 'group-session' && (
        <TextAreaInput label="Group summary" name="groupSummary" value={groupSummary} onChange={setGroupSummary} isRequired rows={3} maxLength={50_000}
          description="What the group did: the part every participant's note shares." validate={(v) => (v.trim() ? null : 'A group note needs the group summary')} />
      )}
      <TextAreaInput label={type === 'group-session' ? "This patient's participation" : 'Note'} name="body" value={body} onChange={setBody}
        isRequired rows={5} maxLength={50_000} validate={(v) => (v.trim() ? null : 'Write the note before signing it')} autoFocus />
      {type === 'crisis' && (
        <SelectInput label="Assessed risk" name="crisis" options={RISK_LEVELS.map((id) => ({ id, label: humanize(id) }))} value={riskLevel}
          onChange={setRiskLevel} isRequired />
      )}
      <FormActions messages={<ProblemMessage error={save.error} shownFields={Object.keys(errors)} />}>
        <Button type="submit" className="button" isDisabled={save.isPending}>
          {save.isPending ? 'Signing…' : 'Sign the note'}
        </Button>
      </FormActions>
    </Form>
  );
}
