import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Button } from 'react-aria-components';
import { Link, useParams } from 'react-router-dom';
import { clinicalNotes, idempotencyKey, scheduling, unwrap, type ProblemBody } from '../api/client';
import type { components as ClinicalNotes } from '../api/clinical-notes';
import type { components as Scheduling } from '../api/scheduling';
import { NumberInput, SelectInput, TextAreaInput, Form, FormActions } from '../components/fields';
import { Loading, ProblemMessage } from '../components/feedback';
import { calendarDate, minutesBetween, wallClock } from '../lib/dates';
import { ATTENDANCE_OPTIONS, isAbsent, sessionTypeLabel, type AttendanceStatus } from '../lib/labels';
import { fieldErrors, problemOf } from '../lib/problems';
import { hasRole, useSession } from '../lib/session';
import { useTitle } from '../lib/title';

const ATTENDANCE_RECORDERS = ['clinician', 'supervisor', 'psychiatrist', 'nurse', 'front-desk'];
const NOTE_WRITERS = ['clinician', 'supervisor', 'psychiatrist', 'nurse'];

type Roster = Scheduling['schemas']['SessionRosterDto'];
type RosterPatient = Scheduling['schemas']['RosterPatientDto'];
type AttendanceRecord = Scheduling['schemas']['RecordAttendanceDto'];
type Outcome = Scheduling['schemas']['BulkAttendanceResultDto'];
type GroupNoteCreated = ClinicalNotes['schemas']['GroupNoteCreatedDto'];
type GroupNoteBody = ClinicalNotes['schemas']['GroupNoteDto'];

type Row = { status: AttendanceStatus | null; minutes: number | undefined };

const attended = (row: Row | undefined): boolean => !!row?.status && !isAbsent(row.status);

export function SessionPage() {
  const { sessionId = '' } = useParams();
  const session = useSession();
  const roster = useQuery({
    queryKey: ['roster', sessionId],
    queryFn: () => unwrap(scheduling.GET('/v1/sessions/{id}/roster', { params: { path: { id: sessionId } } })),
  });
  // The session as Today lists it: its location's name and time zone. The roster's times carry the location's offset,
  // so their date is the local date the list is asked for.
  const listed = useQuery({
    queryKey: ['session-listed', sessionId],
    enabled: !!roster.data,
    queryFn: async () => {
      const r = roster.data!;
      const page = await unwrap(scheduling.GET('/v1/sessions', { params: { query: { date: r.startsAt.slice(0, 10), locationId: r.locationId, limit: 200 } } }));
      return page.items.find((s) => s.sessionId === sessionId) ?? null;
    },
  });
  useTitle('Session');
  const title = roster.data ? `${sessionTypeLabel(roster.data.type)}, ${calendarDate(roster.data.startsAt.slice(0, 10))}` : 'Session';

  if (roster.isPending) return <Loading what="the roster" />;
  if (roster.isError) {
    return (
      <section>
        <h1>Session</h1>
        <ProblemMessage error={roster.error} />
        <p>
          <Link to="/today">Back to today's sessions</Link>
        </p>
      </section>
    );
  }
  const r = roster.data;
  const length = minutesBetween(r.startsAt, r.endsAt);
  return (
    <section aria-labelledby="session-heading">
      <p className="breadcrumb">
        <Link to="/today">Today</Link> / {sessionTypeLabel(r.type)}
      </p>
      <h1 id="session-heading">{title}</h1>
      <dl className="facts">
        <div>
          <dt>Time</dt>
          <dd>
            {wallClock(r.startsAt)}–{wallClock(r.endsAt)} {listed.data && <span className="subtle">({listed.data.timeZone})</span>}
          </dd>
        </div>
        <div>
          <dt>Location</dt>
          <dd>{listed.data?.locationName ?? (listed.isPending ? '…' : '—')}</dd>
        </div>
        <div>
          <dt>Room</dt>
          <dd>{r.room ?? '—'}</dd>
        </div>
        <div>
          <dt>Facilitator</dt>
          <dd>
            {r.facilitator.staffId ? (
              <>
                <span className="subtle">Staff id</span> <code>{r.facilitator.staffId}</code> <span className="subtle">({r.facilitator.role})</span>
              </>
            ) : (
              r.facilitator.role
            )}
          </dd>
        </div>
        <div>
          <dt>Roster</dt>
          <dd>
            {r.booked} booked{r.waitlisted ? `, ${r.waitlisted} waitlisted` : ''} (capacity {r.capacity})
          </dd>
        </div>
      </dl>
      {r.status === 'cancelled' && <p className="problem">This session was cancelled: no attendance can be recorded.</p>}
      <Attendance key={`${sessionId}:${roster.dataUpdatedAt}`} sessionId={sessionId} roster={r} length={length} canRecord={hasRole(session.data, ...ATTENDANCE_RECORDERS)} onReload={() => void roster.refetch()} />
    </section>
  );
}

function Attendance({ sessionId, roster, length, canRecord, onReload }: { sessionId: string; roster: Roster; length: number; canRecord: boolean; onReload: () => void }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const patients = roster.patients.filter((p) => p.booking === 'booked');
  const waitlisted = roster.patients.filter((p) => p.booking !== 'booked');
  // What was typed, per episode: initialized once from what is recorded, kept through saves and failures.
  const [rows, setRows] = useState<Record<string, Row>>(() =>
    Object.fromEntries(patients.map((p) => [p.episodeId, { status: p.attendance?.status ?? null, minutes: p.attendance?.minutesAttended }])),
  );
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const [noRows, setNoRows] = useState(false);

  const setRow = (episodeId: string, change: Partial<Row>) => {
    setRows((all) => {
      const next = { ...all[episodeId], ...change };
      if (change.status !== undefined) {
        if (isAbsent(change.status)) next.minutes = 0;
        else if (next.minutes === undefined || isAbsent(all[episodeId]?.status)) next.minutes = length;
      }
      return { ...all, [episodeId]: next };
    });
    setOutcomes((all) => {
      const next = { ...all };
      delete next[episodeId];
      return next;
    });
  };

  const save = useMutation({
    mutationFn: (records: AttendanceRecord[]) =>
      unwrap(
        scheduling.POST('/v1/sessions/{sessionId}/attendance/bulk', {
          params: { path: { sessionId } },
          headers: { 'Idempotency-Key': idempotencyKey() },
          body: { records },
        }),
      ),
    onSuccess: (result, records) => {
      // Keyed by the record sent at that index (a result's episodeId is null when the record sent none).
      setOutcomes(Object.fromEntries(result.results.map((o) => [records[o.index]?.episodeId ?? o.episodeId, o])));
      void queryClient.invalidateQueries({ queryKey: ['sessions', 'today'] });
    },
  });

  const submit = () => {
    const records: AttendanceRecord[] = patients.flatMap((p) => {
      const row = rows[p.episodeId];
      if (!row?.status) return [];
      return [{ episodeId: p.episodeId, status: row.status, minutesAttended: isAbsent(row.status) ? 0 : row.minutes }];
    });
    setNoRows(records.length === 0);
    if (records.length > 0) save.mutate(records);
  };

  // The API's per-record problems, keyed by the fields' names in this form (`<episodeId>.status`).
  const validationErrors = useMemo(() => {
    const out: Record<string, string[]> = {};
    for (const [episodeId, o] of Object.entries(outcomes)) {
      for (const [field, messages] of Object.entries(fieldErrors(o.problem, /^records\.\d+\./))) out[`${episodeId}.${field}`] = messages;
    }
    return out;
  }, [outcomes]);

  // The note is for those whose attendance (present, late, left early) is recorded: clinical notes accepts no one else.
  const attendees = patients.filter((p) => {
    const outcome = outcomes[p.episodeId];
    if (outcome) return outcome.outcome === 'recorded' && attended(rows[p.episodeId]);
    return !!p.attendance && !isAbsent(p.attendance.status) && rows[p.episodeId]?.status === p.attendance.status;
  });
  const result = save.data;

  return (
    <>
      <section aria-labelledby="attendance-heading" className="panel">
        <h2 id="attendance-heading">Attendance</h2>
        {patients.length === 0 ? (
          <p>Nobody is booked into this session.</p>
        ) : (
          <Form
            validationErrors={validationErrors}
            onSubmit={(e) => {
              e.preventDefault();
              submit();
            }}
            aria-labelledby="attendance-heading"
          >
            <table className="table roster">
              <thead>
                <tr>
                  <th scope="col">Patient</th>
                  <th scope="col">Status</th>
                  <th scope="col">Minutes</th>
                  <th scope="col">Result</th>
                </tr>
              </thead>
              <tbody>
                {patients.map((p) => (
                  <RosterRow key={p.episodeId} patient={p} row={rows[p.episodeId]} outcome={outcomes[p.episodeId]} length={length} disabled={!canRecord} onChange={(c) => setRow(p.episodeId, c)} />
                ))}
              </tbody>
            </table>
            <FormActions messages={<>
              {noRows && (
                <p role="alert" className="problem">
                  Choose a status for at least one patient.
                </p>
              )}
              <ProblemMessage error={save.error} onReload={onReload} />
              {result && (
                <p role="status" className={result.rejected ? 'notice notice-warn' : 'notice'}>
                  {result.recorded} recorded{result.rejected ? `, ${result.rejected} not recorded: see the rows marked above` : ''}.
                </p>
              )}
            </>}>
              {canRecord ? (
                <Button type="submit" className="button" isDisabled={save.isPending}>
                  {save.isPending ? 'Saving…' : 'Save attendance'}
                </Button>
              ) : (
                <p className="muted">Your roles cannot record attendance.</p>
              )}
            </FormActions>
          </Form>
        )}
        {waitlisted.length > 0 && (
          <p className="muted">
            Waitlisted: {waitlisted.map((p) => p.displayName).join(', ')}
          </p>
        )}
      </section>
      {hasRole(session.data, ...NOTE_WRITERS) && <GroupNote sessionId={sessionId} attendees={attendees} everyone={roster.patients} />}
    </>
  );
}

function RosterRow({ patient, row, outcome, length, disabled, onChange }: {
  patient: RosterPatient; row: Row | undefined; outcome: Outcome | undefined; length: number; disabled: boolean; onChange: (c: Partial<Row>) => void;
}) {
  const status = row?.status ?? null;
  const absent = isAbsent(status);
  const rowProblem: ProblemBody | undefined = outcome?.problem;
  const nameId = `patient-${patient.episodeId}`;
  const shown = ['status', 'minutesAttended'];
  const other = (rowProblem?.errors ?? []).filter((e) => !shown.includes(e.path.replace(/^records\.\d+\./, '')));
  return (
    <tr className={outcome?.outcome === 'rejected' ? 'row-rejected' : undefined} aria-labelledby={nameId}>
      <th scope="row" id={nameId}>
        <Link to={`/patients/${patient.patientId}`}>
          {patient.displayName}
        </Link>
      </th>
      <td>
        <SelectInput
          label={<span className="visually-hidden">Status of {patient.displayName}</span>}
          name={`${patient.episodeId}.status`}
          options={ATTENDANCE_OPTIONS}
          value={status}
          onChange={(v) => onChange({ status: v })}
          placeholder="Not marked"
          isDisabled={disabled}
        />
      </td>
      <td>
        <NumberInput
          label={<span className="visually-hidden">Minutes attended by {patient.displayName}</span>}
          name={`${patient.episodeId}.minutesAttended`}
          value={row?.minutes}
          onChange={(v) => onChange({ minutes: v })}
          minValue={0}
          maxValue={length}
          isRequired={!!status && !absent}
          isDisabled={disabled || !status || absent}
          validate={(v) => (v > length ? `At most the session's ${length} minutes` : null)}
        />
      </td>
      <td aria-live="polite">
        {outcome?.outcome === 'recorded' && (
          <>
            <span className="tag tag-ok">Recorded</span>
            {outcome.week && <span className="subtle"> week of {calendarDate(outcome.week.weekStart)}: {outcome.week.hoursAttended} h</span>}
          </>
        )}
        {outcome?.outcome === 'rejected' && (
          <div className="row-problem">
            <span className="tag tag-error">Not recorded</span> {rowProblem?.detail ?? rowProblem?.title}
            {other.map((e, i) => (
              <div key={i}>{e.message}</div>
            ))}
          </div>
        )}
        {!outcome && patient.attendance && <span className="subtle">Saved earlier</span>}
      </td>
    </tr>
  );
}

function GroupNote({ sessionId, attendees, everyone }: { sessionId: string; attendees: RosterPatient[]; everyone: RosterPatient[] }) {
  const nameOf = (episodeId: string) => everyone.find((p) => p.episodeId === episodeId)?.displayName ?? 'a patient no longer on the roster';
  const queryClient = useQueryClient();
  const [summary, setSummary] = useState('');
  const [participation, setParticipation] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<GroupNoteCreated | null>(null);
  // A session's group note is written once: one written earlier is shown with its notes to sign instead of the form.
  const written = useQuery({
    queryKey: ['group-notes', sessionId],
    queryFn: async (): Promise<GroupNoteBody | null> => {
      const list = await unwrap(clinicalNotes.GET('/v1/group-notes', { params: { query: { sessionId } } }));
      const first = list.items[0];
      if (!first) return null;
      return unwrap(clinicalNotes.GET('/v1/group-notes/{id}', { params: { path: { id: first.groupNoteId } } }));
    },
  });
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        clinicalNotes.POST('/v1/group-notes', {
          headers: { 'Idempotency-Key': idempotencyKey() },
          body: { sessionId, summary, participants: attendees.map((p) => ({ episodeId: p.episodeId, participation: participation[p.episodeId] ?? '' })) },
        }),
      ),
    onSuccess: (result) => {
      setCreated(result);
      void queryClient.invalidateQueries({ queryKey: ['group-notes', sessionId] });
    },
  });
  const validationErrors = useMemo(() => {
    const errors = fieldErrors(problemOf(save.error));
    // participants.<i>.participation is the field of the i-th attendee sent.
    const out: Record<string, string[]> = {};
    for (const [path, messages] of Object.entries(errors)) {
      const m = /^participants\.(\d+)\.(.+)$/.exec(path);
      const attendee = m ? attendees[Number(m[1])] : undefined;
      out[attendee ? `participation.${attendee.episodeId}` : path] = messages;
    }
    return out;
  }, [save.error, attendees]);
  const earlier = !created ? written.data : null;

  return (
    <section aria-labelledby="note-heading" className="panel">
      <h2 id="note-heading">Group note</h2>
      {written.isPending && <Loading what="the session's group note" />}
      {earlier ? (
        <>
          <p className="muted">A group note was written for this session{earlier.writtenAt ? ` on ${calendarDate(earlier.writtenAt.slice(0, 10))}` : ''}.</p>
          <blockquote className="summary">{earlier.summary}</blockquote>
          <ul className="note-list">
            {earlier.notes.map((n) => (
              <SignNote key={n.noteId} noteId={n.noteId} name={nameOf(n.episodeId)} status={n.status} />
            ))}
          </ul>
        </>
      ) : created ? (
        <>
          <p role="status" className="notice">
            The group note is saved: one note in each attendee's chart, with the summary and their own participation only.
          </p>
          <ul className="note-list">
            {created.notes.map((n) => (
              <SignNote key={n.noteId} noteId={n.noteId} name={nameOf(n.episodeId)} status="draft" />
            ))}
          </ul>
        </>
      ) : attendees.length === 0 ? (
        <p className="muted">Save who attended first: the note has a participation entry for each attendee whose attendance is recorded.</p>
      ) : (
        <Form
          validationErrors={validationErrors}
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <TextAreaInput
            label="Group summary"
            name="summary"
            description="Written once; it goes into every attendee's note. Name no patient here."
            value={summary}
            onChange={setSummary}
            isRequired
            rows={5}
            maxLength={10000}
          />
          {attendees.map((p) => (
            <TextAreaInput
              key={p.episodeId}
              label={`Participation: ${p.displayName}`}
              name={`participation.${p.episodeId}`}
              value={participation[p.episodeId] ?? ''}
              onChange={(v) => setParticipation((all) => ({ ...all, [p.episodeId]: v }))}
              isRequired
              maxLength={4000}
            />
          ))}
          <FormActions messages={<ProblemMessage error={save.error} shownFields={['summary']} />}>
            <Button type="submit" className="button" isDisabled={save.isPending}>
              {save.isPending ? 'Saving…' : 'Save group note'}
            </Button>
          </FormActions>
        </Form>
      )}
    </section>
  );
}

function SignNote({ noteId, name, status }: { noteId: string; name: string; status: string }) {
  const sign = useMutation({
    mutationFn: () => unwrap(clinicalNotes.POST('/v1/notes/{id}/sign', { params: { path: { id: noteId } } })),
  });
  const now = sign.data?.status ?? status;
  const signed = now !== 'draft' && now !== 'none';
  return (
    <li className="note-item">
      <span>Note for {name}</span>
      {signed ? (
        <span className="tag tag-ok" role="status">
          {now === 'signed' || now === 'cosigned' ? (now === 'cosigned' ? 'Co-signed' : 'Signed') : now}
          {sign.data?.cosignRequired ? ', awaiting co-signature' : ''}
          {sign.data?.late ? ' (late entry)' : ''}
        </span>
      ) : (
        <Button className="button button-secondary" onPress={() => sign.mutate()} isDisabled={sign.isPending} aria-label={`Sign note for ${name}`}>
          {sign.isPending ? 'Signing…' : 'Sign'}
        </Button>
      )}
      <ProblemMessage error={sign.error} />
    </li>
  );
}
