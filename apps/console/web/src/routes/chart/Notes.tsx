/**
 * The episode's notes: the list, one opened at a time (its text, signature, co-signature and amendments), and the
 * note's hash-chain verification (recomputed by clinical-notes from the stored versions, so that an altered note shows
 * as broken). Writing: a new note for the episode (saved as a draft), the author's own draft edited (If-Match) and
 * signed, a co-signature by a supervisor where the author's credential requires one, and amendments to a signed note.
 * Each action shows only to the roles, and in the states, clinical-notes allows it.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { Button } from 'react-aria-components';
import { useSearchParams } from 'react-router-dom';
import { clinicalNotes, idempotencyKey, unwrap, unwrapWithEtag } from '../../api/client';
import type { components as ClinicalNotes } from '../../api/clinical-notes';
import { SelectInput, TextAreaInput, type Option, Form, FormActions } from '../../components/fields';
import { ProblemMessage, Loading } from '../../components/feedback';
import { calendarDate, wallClock } from '../../lib/dates';
import { sessionTypeLabel } from '../../lib/labels';
import { fieldErrors, problemOf } from '../../lib/problems';
import { hasRole, useSession } from '../../lib/session';
import { ChartSection } from './ChartSection';
import { attendedSessions, editNoteBody, emptyNote, newNoteBody, NOTE_TYPE_OPTIONS, noteForm, RISK_OPTIONS, type NoteForm } from './forms';
import { notesQuery, useSchedule } from './queries';

const NOTE_WRITERS = ['clinician', 'supervisor', 'psychiatrist', 'nurse'];
const COSIGNERS = ['supervisor'];
const NO_SESSION = 'none';

type Note = ClinicalNotes['schemas']['NoteDto'];
type VersionedNote = { note: Note; etag: string | null };

const dateOf = (iso: string) => calendarDate(iso.slice(0, 10));
const typeLabel = (type: string) => type.charAt(0).toUpperCase() + type.slice(1).replace(/-/g, ' ');
const statusLabel = (status: string) => (status === 'draft' ? 'Unsigned draft' : status === 'cosigned' ? 'Co-signed' : 'Signed');

export function Notes({ episodeId }: { episodeId: string }) {
  const session = useSession();
  const q = useQuery(notesQuery(episodeId));
  // A link may open a note (`?note=<noteId>`) or the form for a new one (`?writeNote=`, or `?writeNote=<sessionId>` for
  // the attended session it documents): where the documentation queue sends a clinician to do the work.
  const [params] = useSearchParams();
  const [open, setOpen] = useState<string | null>(() => params.get('note'));
  const [writing, setWriting] = useState(() => params.has('writeNote'));
  const writer = hasRole(session.data, ...NOTE_WRITERS);
  return (
    <ChartSection title="Notes" query={q}>
      {(page) => (
        <>
          {writer &&
            (writing ? (
              <NewNoteForm
                episodeId={episodeId}
                sessionId={params.get('writeNote') || null}
                onSaved={(noteId) => {
                  setWriting(false);
                  setOpen(noteId);
                }}
                onCancel={() => setWriting(false)}
              />
            ) : (
              <Button className="button button-secondary" onPress={() => setWriting(true)}>
                Write a note
              </Button>
            ))}
          {page.items.length === 0 ? (
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
          )}
        </>
      )}
    </ChartSection>
  );
}

/** The fields a note's text and type ask for: a crisis note carries the assessed risk and the safety plan. */
function NoteFields({ form, onChange, sessions }: { form: NoteForm; onChange: (change: Partial<NoteForm>) => void; sessions?: readonly Option<string>[] }) {
  return (
    <>
      {sessions && (
        <>
          <SelectInput label="Type of note" name="type" options={NOTE_TYPE_OPTIONS} value={form.type} onChange={(v) => onChange({ type: v })} isRequired
            description="A group session's note is written from the session, for the whole group." />
          <SelectInput label="Session documented (optional)" name="sessionId" options={[{ id: NO_SESSION, label: 'No session' }, ...sessions]} value={form.sessionId ?? NO_SESSION}
            onChange={(v) => onChange({ sessionId: v && v !== NO_SESSION ? v : null })} description="A session the patient attended" />
        </>
      )}
      <TextAreaInput label="Note" name="body" value={form.body} onChange={(v) => onChange({ body: v })} rows={6} maxLength={50000} isRequired
        validate={(v) => (v.trim() ? null : 'Write the note.')} />
      {form.type === 'crisis' && (
        <>
          <SelectInput label="Assessed risk level" name="crisis.riskLevel" options={RISK_OPTIONS} value={form.riskLevel} onChange={(v) => onChange({ riskLevel: v })} isRequired />
          <TextAreaInput label="Safety plan agreed with the patient" name="crisis.safetyPlan" value={form.safetyPlan} onChange={(v) => onChange({ safetyPlan: v })} rows={3} maxLength={50000} />
        </>
      )}
    </>
  );
}

/** A new note for this episode, saved as the author's draft (POST /v1/notes); then opened to be read again and signed. */
function NewNoteForm({ episodeId, sessionId, onSaved, onCancel }: { episodeId: string; sessionId: string | null; onSaved: (noteId: string) => void; onCancel: () => void }) {
  const queryClient = useQueryClient();
  const headingId = useId();
  const [form, setForm] = useState<NoteForm>(() => ({ ...emptyNote(), sessionId }));
  const schedule = useSchedule(episodeId);
  const sessions = useMemo(
    () => attendedSessions(schedule.data?.items ?? []).map((i) => ({ id: i.sessionId, label: `${sessionTypeLabel(i.type)}, ${calendarDate(i.startsAt.slice(0, 10))} ${wallClock(i.startsAt)}` })),
    [schedule.data],
  );
  const save = useMutation({
    mutationFn: () => unwrap(clinicalNotes.POST('/v1/notes', { headers: { 'Idempotency-Key': idempotencyKey() }, body: newNoteBody(episodeId, form) })),
    onSuccess: async ({ noteId }) => {
      await queryClient.invalidateQueries({ queryKey: ['notes', episodeId] });
      onSaved(noteId);
    },
  });
  const errors = useMemo(() => fieldErrors(problemOf(save.error)), [save.error]);
  return (
    <section className="subpanel" aria-labelledby={headingId}>
      <h3 id={headingId}>New note</h3>
      <Form validationErrors={errors} onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
        <NoteFields form={form} sessions={sessions} onChange={(change) => setForm((f) => ({ ...f, ...change }))} />
        <FormActions messages={<ProblemMessage error={save.error} shownFields={Object.keys(errors)} />}>
          <Button type="submit" className="button" isDisabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save as draft'}
          </Button>
          <Button className="button button-quiet" onPress={onCancel}>
            Cancel
          </Button>
        </FormActions>
      </Form>
    </section>
  );
}

function NoteDetail({ noteId, episodeId }: { noteId: string; episodeId: string }) {
  const queryClient = useQueryClient();
  const session = useSession();
  const headingId = useId();
  const note = useQuery({
    queryKey: ['chart-note', noteId],
    queryFn: async (): Promise<VersionedNote> => {
      const { body, etag } = await unwrapWithEtag(clinicalNotes.GET('/v1/notes/{id}', { params: { path: { id: noteId } } }));
      return { note: body, etag };
    },
  });
  const verification = useQuery({
    queryKey: ['note-verification', noteId],
    enabled: !!note.data && note.data.note.status !== 'draft',
    queryFn: () => unwrap(clinicalNotes.GET('/v1/notes/{id}/verification', { params: { path: { id: noteId } } })),
  });
  const changed = () => {
    void queryClient.invalidateQueries({ queryKey: ['chart-note', noteId] });
    void queryClient.invalidateQueries({ queryKey: ['note', noteId] });
    void queryClient.invalidateQueries({ queryKey: ['note-verification', noteId] });
    void queryClient.invalidateQueries({ queryKey: ['notes', episodeId] });
  };
  const sign = useMutation({
    mutationFn: () => unwrap(clinicalNotes.POST('/v1/notes/{id}/sign', { params: { path: { id: noteId } }, headers: { 'Idempotency-Key': idempotencyKey() } })),
    onSuccess: changed,
  });
  const cosign = useMutation({
    mutationFn: () => unwrap(clinicalNotes.POST('/v1/notes/{id}/cosign', { params: { path: { id: noteId } }, headers: { 'Idempotency-Key': idempotencyKey() } })),
    onSuccess: changed,
  });
  const [editing, setEditing] = useState(false);
  if (note.isPending) return <Loading what="the note" />;
  if (!note.data) return <ProblemMessage error={note.error} />;
  const n = note.data.note;
  const me = session.data?.subject;
  const mine = me === n.author;
  const writer = hasRole(session.data, ...NOTE_WRITERS);
  const canCosign = hasRole(session.data, ...COSIGNERS) && !mine && n.status === 'signed' && !!n.cosignature?.required && !n.cosignature.cosignedBy;
  return (
    <article className="subpanel note-detail" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {typeLabel(n.type)} note of {dateOf(n.draftedAt)}
      </h3>
      {editing ? (
        <EditDraftForm versioned={note.data} onDone={() => setEditing(false)} onSaved={() => {
          setEditing(false);
          changed();
        }} onReload={changed} />
      ) : (
        <>
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
        </>
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
      {n.status === 'draft' && !editing &&
        (mine && writer ? (
          <div className="chart-actions">
            <Button className="button" onPress={() => sign.mutate()} isDisabled={sign.isPending}>
              {sign.isPending ? 'Signing…' : 'Sign this note'}
            </Button>
            <Button className="button button-secondary" onPress={() => setEditing(true)}>
              Edit the draft
            </Button>
          </div>
        ) : (
          <p className="muted">Only its author can edit or sign it.</p>
        ))}
      {canCosign && (
        <Button className="button" onPress={() => cosign.mutate()} isDisabled={cosign.isPending}>
          {cosign.isPending ? 'Co-signing…' : 'Co-sign this note'}
        </Button>
      )}
      <ProblemMessage error={sign.error ?? cosign.error} onReload={() => {
        sign.reset();
        cosign.reset();
        changed();
      }} />
      {n.status !== 'draft' && writer && <AmendForm noteId={noteId} onSaved={changed} />}
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

/** The author's draft, edited in place (PATCH with the version read as If-Match: a 409 if it changed meanwhile). */
function EditDraftForm({ versioned, onSaved, onDone, onReload }: { versioned: VersionedNote; onSaved: () => void; onDone: () => void; onReload: () => void }) {
  const { note, etag } = versioned;
  const [form, setForm] = useState<NoteForm>(() => noteForm(note));
  const save = useMutation({
    mutationFn: () =>
      unwrap(clinicalNotes.PATCH('/v1/notes/{id}', { params: { path: { id: note.noteId } }, headers: etag ? { 'If-Match': etag } : {}, body: editNoteBody(form) })),
    onSuccess: onSaved,
  });
  const errors = useMemo(() => fieldErrors(problemOf(save.error)), [save.error]);
  return (
    <Form aria-label="Edit the draft" validationErrors={errors} onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
      <NoteFields form={form} onChange={(change) => setForm((f) => ({ ...f, ...change }))} />
      <FormActions messages={<ProblemMessage error={save.error} shownFields={Object.keys(errors)} onReload={() => {
        save.reset();
        onReload();
      }} />}>
        <Button type="submit" className="button" isDisabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save the draft'}
        </Button>
        <Button className="button button-quiet" onPress={onDone}>
          Cancel
        </Button>
      </FormActions>
    </Form>
  );
}

/** An addendum to a signed note, with its reason: the signed text never changes (POST /v1/notes/{id}/amendments). */
function AmendForm({ noteId, onSaved }: { noteId: string; onSaved: () => void }) {
  const [open, setOpen] = useState(false);
  const [body, setBody] = useState('');
  const [reason, setReason] = useState('');
  const save = useMutation({
    mutationFn: () =>
      unwrap(clinicalNotes.POST('/v1/notes/{id}/amendments', {
        params: { path: { id: noteId } }, headers: { 'Idempotency-Key': idempotencyKey() }, body: { body: body.trim(), reason: reason.trim() },
      })),
    onSuccess: () => {
      setOpen(false);
      setBody('');
      setReason('');
      onSaved();
    },
  });
  const errors = useMemo(() => fieldErrors(problemOf(save.error)), [save.error]);
  if (!open) {
    return (
      <div className="chart-actions">
        <Button className="button button-secondary" onPress={() => setOpen(true)}>
          Amend this note
        </Button>
        {save.isSuccess && <span role="status" className="notice">Amendment added.</span>}
      </div>
    );
  }
  return (
    <Form aria-label="Amend this note" validationErrors={errors} onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
      <TextAreaInput label="Amendment" name="body" value={body} onChange={setBody} rows={4} maxLength={50000} isRequired
        description="Added after the signed note, which stays as it was signed." validate={(v) => (v.trim() ? null : 'Write the amendment.')} />
      <TextAreaInput label="Reason for the amendment" name="reason" value={reason} onChange={setReason} rows={2} maxLength={2000} isRequired
        validate={(v) => (v.trim() ? null : 'Say why the record needs it.')} />
      <FormActions messages={<ProblemMessage error={save.error} shownFields={Object.keys(errors)} />}>
        <Button type="submit" className="button" isDisabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Add the amendment'}
        </Button>
        <Button className="button button-quiet" onPress={() => setOpen(false)}>
          Cancel
        </Button>
      </FormActions>
    </Form>
  );
}
