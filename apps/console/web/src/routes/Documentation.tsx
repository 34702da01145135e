/**
 * The documentation queue (/documentation, issue 21 screen 2): the signed-in clinician's documentation work, a section
 * per kind, each item opening where the work is done: a missing note is written and signed here, a draft signed, a
 * note co-signed, a measure entered, an outreach task closed; a plan or a continued-stay review opens the chart. Each
 * section says what it covers, each list scoped to the clinician: their primary-clinician episodes (notes, plans), the
 * episodes on whose care team they are (measures, reviews, outreach; admissions keeps the care teams, outcomes and
 * scheduling a copy from its CareTeamChanged), their own notes.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Button } from 'react-aria-components';
import { Link } from 'react-router-dom';
import { Loading } from '../components/feedback';
import { ageInDays, calendarDate } from '../lib/dates';
import { sessionTypeLabel } from '../lib/labels';
import { hasRole, useSession } from '../lib/session';
import { useTitle } from '../lib/title';
import { CloseOutreachForm } from './documentation/CloseOutreachForm';
import { MeasureForm } from './documentation/MeasureForm';
import { PatientName } from './documentation/PatientName';
import {
  PLAN_DUE_SOON_DAYS, useAwaitingCosign, useDrafts, useMeasuresDue, useMissingNotes, useOutreachTasks, usePlansDue, useReviewsDue,
} from './documentation/queries';
import { countLabel, humanize, mergeMeasureWork, noteTypeForMissing, splitCosign } from './documentation/queue';
import { QueueSection } from './documentation/QueueSection';
import { ReviewNote } from './documentation/ReviewNote';
import { WriteNoteForm } from './documentation/WriteNoteForm';

const dateOf = (iso: string) => calendarDate(iso.slice(0, 10));
const since = (iso: string) => {
  const days = ageInDays(iso);
  return days === 0 ? 'today' : days === 1 ? '1 day' : `${days} days`;
};

/** Which item of the screen is open: one at a time, so the keyboard never meets two forms. */
type Opened = { section: string; id: string } | null;

export function Documentation() {
  useTitle('Documentation');
  const session = useSession();
  if (!session.data) return <Loading what="your session" />;
  return <Queue subject={session.data.subject} canCosign={hasRole(session.data, 'supervisor')} />;
}

function Queue({ subject, canCosign }: { subject: string; canCosign: boolean }) {
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState<Opened>(null);
  const [done, setDone] = useState('');
  const missing = useMissingNotes(subject);
  const drafts = useDrafts();
  const cosign = useAwaitingCosign();
  const plans = usePlansDue(subject);
  const measures = useMeasuresDue(subject);
  const reviews = useReviewsDue(subject);
  const outreach = useOutreachTasks(subject);

  const finish = (what: string) => {
    setOpened(null);
    setDone(what);
    void queryClient.invalidateQueries({ queryKey: ['documentation'] });
  };
  const toggle = (section: string, id: string) => {
    setDone('');
    setOpened(opened?.section === section && opened.id === id ? null : { section, id });
  };
  const isOpen = (section: string, id: string) => opened?.section === section && opened.id === id;
  /** The item's button that opens (and closes) its work in place. */
  const opener = (section: string, id: string, label: string) => (
    <Button className="button button-secondary" aria-expanded={isOpen(section, id)} onPress={() => toggle(section, id)}>
      {label}
    </Button>
  );

  const cosignSplit = cosign.data ? splitCosign(cosign.data.items, subject) : undefined;
  const measureWork = measures.data ? mergeMeasureWork(measures.data.due.items, measures.data.overdue.items) : undefined;
  const measureCount = measures.data
    ? `${measureWork!.length}${measures.data.due.nextCursor || measures.data.overdue.nextCursor ? '+' : ''}`
    : '…';

  const sections: { id: string; title: string; count: string }[] = [
    { id: 'missing-notes', title: 'Missing notes', count: countLabel(missing.data) },
    { id: 'drafts', title: 'Unsigned drafts', count: countLabel(drafts.data) },
    { id: 'cosign', title: 'Co-signatures', count: countLabel(cosign.data) },
    { id: 'plans', title: 'Treatment plans due', count: countLabel(plans.data) },
    { id: 'measures', title: 'Measures due', count: measureCount },
    { id: 'reviews', title: 'Continued-stay reviews due', count: countLabel(reviews.data) },
    { id: 'outreach', title: 'Outreach for missed sessions', count: countLabel(outreach.data) },
  ];

  return (
    <section aria-labelledby="documentation-heading">
      <h1 id="documentation-heading">Documentation</h1>
      <nav aria-label="Sections of the queue">
        <ul className="plain-list queue-summary">
          {sections.map((s) => (
            <li key={s.id}>
              <a href={`#${s.id}`}>{s.title}</a> <span className="count">{s.count}</span>
            </li>
          ))}
        </ul>
      </nav>
      <p role="status" aria-live="polite" className={done ? 'notice' : 'visually-hidden'}>
        {done}
      </p>

      <QueueSection id="missing-notes" title="Missing notes" count={countLabel(missing.data)} query={missing}
        covers="Attended sessions and discharges of the episodes whose primary clinician you are, still without a signed note; oldest first."
        isEmpty={(p) => p.items.length === 0} empty="No notes are missing: every session you answer for is documented.">
        {(page) => (
          <ul className="note-list">
            {page.items.map((m) => {
              const id = `${m.episodeId}|${m.sessionId ?? m.kind}`;
              const what = m.kind === 'discharge-summary' ? 'Discharge summary' : `${sessionTypeLabel(m.sessionType ?? '')} session, ${dateOf(m.sessionStartsAt ?? m.dueSince)}`;
              return (
                <Item key={id} patientId={m.patientId} what={what} detail={`owed ${since(m.dueSince)}${m.draftNoteId ? ' · a draft is written' : ''}`}
                  action={opener('missing', id, m.draftNoteId ? 'Review and sign the draft' : 'Write and sign the note')}>
                  {isOpen('missing', id) &&
                    (m.draftNoteId ? (
                      <ReviewNote noteId={m.draftNoteId} mode="sign" onDone={() => finish(`${what}: the note is signed and has left the queue.`)} />
                    ) : (
                      <WriteNoteForm episodeId={m.episodeId} sessionId={m.sessionId} initialType={noteTypeForMissing(m.kind, m.sessionType)} label={what}
                        onSigned={() => finish(`${what}: the note is signed and has left the queue.`)} />
                    ))}
                </Item>
              );
            })}
          </ul>
        )}
      </QueueSection>

      <QueueSection id="drafts" title="Unsigned drafts" count={countLabel(drafts.data)} query={drafts}
        covers="Notes you wrote and have not signed, for any patient; oldest first." isEmpty={(p) => p.items.length === 0} empty="No unsigned drafts.">
        {(page) => (
          <ul className="note-list">
            {page.items.map((n) => {
              const what = `${humanize(n.type)} note, drafted ${dateOf(n.draftedAt)}`;
              return (
                <Item key={n.noteId} patientId={n.patientId} what={what} detail={`waiting ${since(n.draftedAt)}`} action={opener('drafts', n.noteId, 'Review and sign')}>
                  {isOpen('drafts', n.noteId) && <ReviewNote noteId={n.noteId} mode="sign" onDone={() => finish(`${what}: signed.`)} />}
                </Item>
              );
            })}
          </ul>
        )}
      </QueueSection>

      <QueueSection id="cosign" title="Co-signatures" count={countLabel(cosign.data)} query={cosign}
        covers={canCosign
          ? "Your signed notes waiting for a supervisor's co-signature, and other authors' notes for you to co-sign."
          : "Your signed notes waiting for a supervisor's co-signature (the clinic's documentation settings say whose notes need one)."}
        isEmpty={(p) => p.items.length === 0} empty="No notes are waiting for a co-signature.">
        {() => (
          <>
            {cosignSplit!.toCosign.length > 0 && (
              <>
                <h3>For you to co-sign</h3>
                <ul className="note-list">
                  {cosignSplit!.toCosign.map((n) => {
                    const what = `${humanize(n.type)} note by ${n.author}, signed ${dateOf(n.signedAt ?? n.draftedAt)}`;
                    return (
                      <Item key={n.noteId} patientId={n.patientId} what={what} detail={`waiting ${since(n.signedAt ?? n.draftedAt)}`}
                        action={opener('cosign', n.noteId, 'Review and co-sign')}>
                        {isOpen('cosign', n.noteId) && <ReviewNote noteId={n.noteId} mode="cosign" onDone={() => finish(`${what}: co-signed.`)} />}
                      </Item>
                    );
                  })}
                </ul>
              </>
            )}
            {cosignSplit!.mine.length > 0 && (
              <>
                <h3>Yours, waiting for a supervisor</h3>
                <ul className="note-list">
                  {cosignSplit!.mine.map((n) => (
                    <Item key={n.noteId} patientId={n.patientId} what={`${humanize(n.type)} note, signed ${dateOf(n.signedAt ?? n.draftedAt)}`}
                      detail={`waiting ${since(n.signedAt ?? n.draftedAt)}`} action={<ChartLink patientId={n.patientId} label="Open the chart" />} />
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </QueueSection>

      <QueueSection id="plans" title="Treatment plans due" count={countLabel(plans.data)} query={plans}
        covers={`Initial plans and periodic reviews overdue or due within ${PLAN_DUE_SOON_DAYS} days, for the episodes whose primary clinician you are. Plans are written and signed in the chart.`}
        isEmpty={(p) => p.items.length === 0} empty="No treatment plans are due.">
        {(page) => (
          <ul className="note-list">
            {page.items.map((p) => (
              <Item key={p.episodeId} patientId={p.patientId}
                what={`${p.reason === 'review' ? 'Plan review' : p.planStatus === 'draft' ? 'Initial plan (drafted, not signed)' : 'Initial plan'}, due ${calendarDate(p.dueDate)}`}
                detail={p.overdue ? <span className="tag tag-warn">Overdue</span> : <span className="tag">Due soon</span>}
                action={<ChartLink patientId={p.patientId} label="Open the plan in the chart" />} />
            ))}
          </ul>
        )}
      </QueueSection>

      <QueueSection id="measures" title="Measures due" count={measureCount} query={measures}
        covers="PHQ-9, GAD-7 and BAM occasions open or overdue for the episodes on whose care team you are; overdue first."
        isEmpty={() => measureWork!.length === 0} empty="No measures are due.">
        {() => (
          <ul className="note-list">
            {measureWork!.map((m) => {
              const id = `${m.episodeId}|${m.instrument}|${m.sequence}`;
              const what = `${m.instrument} (${humanize(m.occasion)}), due ${calendarDate(m.dueDate)}`;
              return (
                <Item key={id} patientId={m.patientId} what={what} detail={m.overdue ? <span className="tag tag-warn">Overdue</span> : <span className="tag">Due</span>}
                  action={opener('measures', id, `Enter the ${m.instrument}`)}>
                  {isOpen('measures', id) && <MeasureForm episodeId={m.episodeId} instrument={m.instrument} label={what} onSaved={() => finish(`${what}: saved.`)} />}
                </Item>
              );
            })}
          </ul>
        )}
      </QueueSection>

      <QueueSection id="reviews" title="Continued-stay reviews due" count={countLabel(reviews.data)} query={reviews}
        covers="Active episodes on whose care team you are, not reviewed against the ASAM criteria in the last 7 days. The review is done from the chart."
        isEmpty={(p) => p.items.length === 0} empty="No continued-stay reviews are due.">
        {(page) => (
          <ul className="note-list">
            {page.items.map((r) => (
              <Item key={r.episodeId} patientId={r.patientId}
                what={r.lastReviewedAt ? `Last reviewed ${dateOf(r.lastReviewedAt)}` : `Never reviewed (started ${calendarDate(r.startDate)})`}
                detail={`${humanize(r.track)} track`} action={<ChartLink patientId={r.patientId} label="Review in the chart" />} />
            ))}
          </ul>
        )}
      </QueueSection>

      <QueueSection id="outreach" title="Outreach for missed sessions" count={countLabel(outreach.data)} query={outreach}
        covers="Open follow-ups of no-shows of the episodes on whose care team you are, oldest first."
        isEmpty={(p) => p.items.length === 0} empty="No open outreach tasks.">
        {(page) => (
          <ul className="note-list">
            {page.items.map((t) => {
              const what = `Missed ${sessionTypeLabel(t.sessionType)} on ${dateOf(t.sessionStartsAt)}`;
              return (
                <Item key={t.taskId} name={t.displayName} patientId={t.patientId} what={what} detail={`open ${since(t.openedAt)}`}
                  action={opener('outreach', t.taskId, 'Close with its outcome')}>
                  {isOpen('outreach', t.taskId) && <CloseOutreachForm taskId={t.taskId} label={`${t.displayName}, ${what}`} onClosed={() => finish(`${t.displayName}, ${what}: follow-up closed.`)} />}
                </Item>
              );
            })}
          </ul>
        )}
      </QueueSection>
    </section>
  );
}

/** One piece of work: whose, what, how long it has waited, and where it is done. */
function Item({ patientId, name, what, detail, action, children }: {
  patientId: string; name?: string; what: string; detail: ReactNode; action: ReactNode; children?: ReactNode;
}) {
  return (
    <li className="note-item queue-item">
      <p>
        <strong>{name ?? <PatientName patientId={patientId} />}</strong> · {what} <span className="muted">· {detail}</span>
      </p>
      {action}
      {children}
    </li>
  );
}

function ChartLink({ patientId, label }: { patientId: string; label: string }) {
  return (
    <Link className="button button-secondary" to={`/patients/${patientId}`}>
      {label}
    </Link>
  );
}
