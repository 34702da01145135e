/** The chart's parts other than the episode header and the notes: each one read, from the service that owns it. */
import { useQueries, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { admissions, ApiError, clinicalNotes, outcomes, scheduling, unwrap } from '../../api/client';
import type { AccessLogEntry, EpisodeDetail, Page } from '../../api/views';
import { TrendChart } from '../../components/TrendChart';
import { trends } from '../../lib/chart';
import { calendarDate, wallClock } from '../../lib/dates';
import { ATTENDANCE_OPTIONS, sessionTypeLabel } from '../../lib/labels';
import { hasRole, useSession } from '../../lib/session';
import { allergiesQuery, diagnosesQuery, drugScreensQuery, MAX, measuresQuery, medicationsQuery, useConsents, useSchedule } from './queries';
import { ChartSection } from './ChartSection';
import { CONSENT_WRITERS, DISCLOSURE_READERS, GrantConsentForm, RevokeConsentForm } from './ConsentForms';
import { DrugScreenForm, SCREEN_RECORDERS } from './DrugScreenForm';
import { categoryLabel } from './forms';
import { MEASURE_RECORDERS, MeasureForm } from './MeasureForm';

const dateOf = (iso: string) => calendarDate(iso.slice(0, 10));
const attendanceLabel = (status: string) => ATTENDANCE_OPTIONS.find((o) => o.id === status)?.label ?? status;
const UPCOMING = 6;

export function Schedule({ episodeId }: { episodeId: string }) {
  const q = useSchedule(episodeId);
  const [allUpcoming, setAllUpcoming] = useState(false);
  return (
    <ChartSection title="Schedule and attendance" query={q} empty="Not enrolled in any session.">
      {(s) => {
        // Every session held so far, and the next few ahead (the whole plan on request): the chart is read for what
        // happened, the schedule screen is for planning.
        const now = Date.now();
        const held = s.items.filter((i) => new Date(i.startsAt).getTime() <= now);
        const ahead = s.items.filter((i) => new Date(i.startsAt).getTime() > now);
        const shown = [...held, ...(allUpcoming ? ahead : ahead.slice(0, UPCOMING))];
        return s.items.length === 0 ? (
          <p className="muted">No sessions booked.</p>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <caption className="visually-hidden">Sessions, in time order, with attendance</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Time</th>
                  <th scope="col">Session</th>
                  <th scope="col">Booking</th>
                  <th scope="col">Attendance</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((i) => (
                  <tr key={`${i.sessionId}-${i.booking}`}>
                    <th scope="row">{calendarDate(i.startsAt.slice(0, 10))}</th>
                    <td className="nowrap">
                      {wallClock(i.startsAt)}–{wallClock(i.endsAt)}
                    </td>
                    <td>
                      {sessionTypeLabel(i.type)}
                      {i.sessionStatus === 'cancelled' ? ' (cancelled)' : ''}
                    </td>
                    <td>{i.booking}</td>
                    <td>
                      {i.attendance ? (
                        <>
                          {attendanceLabel(i.attendance.status)}
                          {i.attendance.minutesAttended ? ` · ${Math.round((i.attendance.minutesAttended / 60) * 100) / 100} h` : ''}
                        </>
                      ) : (
                        <span className="muted">Not recorded</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {ahead.length > UPCOMING && (
              <Button className="button button-quiet" onPress={() => setAllUpcoming(!allUpcoming)}>
                {allUpcoming ? `Show the next ${UPCOMING} sessions only` : `Show all ${ahead.length} upcoming sessions`}
              </Button>
            )}
          </div>
        );
      }}
    </ChartSection>
  );
}

export function Measures({ episodeId }: { episodeId: string }) {
  const session = useSession();
  const q = useQuery(measuresQuery(episodeId));
  return (
    <ChartSection title="Measures" query={q}>
      {(measures) => (
        <>
          {measures.length === 0 ? (
            <p className="muted">No measures recorded.</p>
          ) : (
            <>
              {measures.some((m) => m.safetyAlert) && <p className="notice notice-warn">A measure raised a safety alert (PHQ-9 item 9 above 0).</p>}
              <div className="trends">
                {trends(measures).map((t) => (
                  <TrendChart key={t.instrument} trend={t} />
                ))}
              </div>
            </>
          )}
          {hasRole(session.data, ...MEASURE_RECORDERS) && <MeasureForm episodeId={episodeId} />}
        </>
      )}
    </ChartSection>
  );
}

export function DrugScreens({ episodeId }: { episodeId: string }) {
  const session = useSession();
  const q = useQuery(drugScreensQuery(episodeId));
  return (
    <ChartSection title="Drug screens" query={q}>
      {(screens) => (
        <>
          {screens.length === 0 ? (
            <p className="muted">No drug screens recorded.</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Collected</th>
                  <th scope="col">Results</th>
                </tr>
              </thead>
              <tbody>
                {screens.map((s) => (
                  <tr key={s.screenId}>
                    <th scope="row">{calendarDate(s.collectedOn)}</th>
                    <td>
                      {s.results.map((r) => (
                        <span key={r.analyte} className={`tag ${r.result === 'positive' ? 'tag-error' : r.result === 'negative' ? 'tag-ok' : 'tag-warn'}`}>
                          {r.analyte}: {r.result}
                        </span>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {hasRole(session.data, ...SCREEN_RECORDERS) && <DrugScreenForm episodeId={episodeId} />}
        </>
      )}
    </ChartSection>
  );
}

export function Diagnoses({ episodeId }: { episodeId: string }) {
  const q = useQuery(diagnosesQuery(episodeId));
  return (
    <ChartSection title="Diagnoses" query={q}>
      {(items) =>
        items.length === 0 ? (
          <p className="muted">No diagnoses recorded.</p>
        ) : (
          <ul className="plain-list">
            {items.map((d) => (
              <li key={d.diagnosisId}>
                <code>{d.code}</code> {d.display}{' '}
                <span className="muted">
                  ({d.kind}
                  {d.status === 'resolved' ? `, resolved${d.resolvedAt ? ` ${dateOf(d.resolvedAt)}` : ''}` : ''})
                </span>
              </li>
            ))}
          </ul>
        )
      }
    </ChartSection>
  );
}

export function Medications({ patientId }: { patientId: string }) {
  const q = useQuery(medicationsQuery(patientId));
  return (
    <ChartSection title="Medications" query={q}>
      {(items) =>
        items.length === 0 ? (
          <p className="muted">No medications recorded.</p>
        ) : (
          <ul className="plain-list">
            {items.map((m) => (
              <li key={m.medicationId}>
                <strong>{m.name}</strong> {m.dose} {m.route} {m.frequency}
                {m.moud ? ' (MOUD)' : ''}{' '}
                <span className="muted">
                  from {calendarDate(m.startDate)}
                  {m.status === 'stopped' ? `, stopped${m.stopDate ? ` ${calendarDate(m.stopDate)}` : ''}${m.stopReason ? ` (${m.stopReason})` : ''}` : ''}
                </span>
              </li>
            ))}
          </ul>
        )
      }
    </ChartSection>
  );
}

/** Allergies sit beside the medications: whoever changes a medication reads them first. */
export function Allergies({ patientId }: { patientId: string }) {
  const q = useQuery(allergiesQuery(patientId));
  return (
    <ChartSection title="Allergies" query={q}>
      {(items) =>
        items.length === 0 ? (
          <p className="muted">No allergies recorded.</p>
        ) : (
          <ul className="plain-list">
            {items.map((a) => (
              <li key={a.allergyId}>
                <strong>{a.substance}</strong>
                {a.reaction ? ` (${a.reaction})` : ''} <span className="muted">{a.severity}, recorded {dateOf(a.recordedAt)}</span>
              </li>
            ))}
          </ul>
        )
      }
    </ChartSection>
  );
}

export function Discharge({ episode }: { episode: EpisodeDetail }) {
  if (!episode.dischargedAt) return null;
  return (
    <section className="panel chart-section" aria-labelledby="discharge-heading">
      <h2 id="discharge-heading">Discharge</h2>
      <dl className="facts">
        <div>
          <dt>Discharged</dt>
          <dd>{dateOf(episode.dischargedAt)}</dd>
        </div>
        <div>
          <dt>Reason</dt>
          <dd>{episode.dischargeReason ?? '—'}</dd>
        </div>
        <div>
          <dt>Alumni</dt>
          <dd>{episode.joinedAlumni ? 'Joined the alumni program' : 'No'}</dd>
        </div>
      </dl>
    </section>
  );
}

export function Consents({ patientId }: { patientId: string }) {
  const session = useSession();
  const consents = useConsents(patientId);
  // Asked only by the roles admissions answers (DISCLOSURE_READERS there): a request bound to be refused would take one
  // of the browser's few connections to the console while the chart loads.
  const readsDisclosures = hasRole(session.data, ...DISCLOSURE_READERS);
  const disclosures = useQuery({
    queryKey: ['disclosures', patientId],
    enabled: readsDisclosures,
    queryFn: () => unwrap(admissions.GET('/v1/patients/{patientId}/disclosures', { params: { path: { patientId }, query: { limit: MAX } } })),
  });
  const writer = hasRole(session.data, ...CONSENT_WRITERS);
  return (
    <>
      <ChartSection title="Part 2 consents" query={consents}>
        {(items) => (
          <>
            {items.length === 0 ? (
              <p className="muted">No consents recorded.</p>
            ) : (
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Recipient</th>
                    <th scope="col">Purpose</th>
                    <th scope="col">Information</th>
                    <th scope="col">Status</th>
                    <th scope="col">Granted</th>
                    <th scope="col">Expires</th>
                    {writer && <th scope="col">Revocation</th>}
                  </tr>
                </thead>
                <tbody>
                  {items.map((c) => {
                    const revoked = c.versions.flatMap((v) => v.revokedInformation ?? []);
                    return (
                      <tr key={c.consentId}>
                        <th scope="row">{c.recipient}</th>
                        <td>{c.purpose}</td>
                        <td>
                          {c.information.map(categoryLabel).join(', ') || '—'}
                          {revoked.length > 0 && c.status !== 'revoked' && <span className="muted"> (revoked: {revoked.map(categoryLabel).join(', ')})</span>}
                        </td>
                        <td>
                          <span className={`tag ${c.status === 'active' ? 'tag-ok' : 'tag-warn'}`}>{c.status}</span>
                          {c.version > 1 ? <span className="muted"> (version {c.version})</span> : null}
                        </td>
                        <td>{dateOf(c.grantedAt)}</td>
                        <td>{c.expiresAt ? dateOf(c.expiresAt) : '—'}</td>
                        {writer && <td>{c.status === 'active' ? <RevokeConsentForm consent={c} /> : '—'}</td>}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
            {writer && <GrantConsentForm patientId={patientId} />}
          </>
        )}
      </ChartSection>
      <ChartSection title="Accounting of disclosures" query={disclosures} skipped={readsDisclosures ? undefined : 'Not shown to your roles.'}>
        {(page) =>
          page.items.length === 0 ? (
            <p className="muted">Nothing disclosed in the last three years.</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Recipient</th>
                  <th scope="col">Purpose</th>
                  <th scope="col">What</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((d) => (
                  <tr key={d.disclosureId}>
                    <th scope="row">{dateOf(d.disclosedAt)}</th>
                    <td>{d.recipient}</td>
                    <td>{d.purpose}</td>
                    <td>{d.eventType}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </ChartSection>
    </>
  );
}

const LOGGING_SERVICES = [
  ['admissions', admissions],
  ['scheduling', scheduling],
  ['clinical-notes', clinicalNotes],
  ['outcomes', outcomes],
] as const;

/**
 * Who read or changed the record, from each service's own log (each answers for its records), newest first. Asked
 * only for the roles that may read it (admin, compliance); a service with nothing logged answers 404 (no entries).
 */
export function AccessLog({ patientId }: { patientId: string }) {
  const session = useSession();
  const allowed = hasRole(session.data, 'admin', 'compliance');
  const logs = useQueries({
    queries: LOGGING_SERVICES.map(([service, client]) => ({
      queryKey: ['access-log', service, patientId],
      enabled: allowed,
      queryFn: async () => {
        try {
          // The same route on each service; its paths type is each client's own.
          const get = client.GET as unknown as (path: string, init: object) => Promise<{ data?: Page<AccessLogEntry>; error?: unknown; response: Response }>;
          const page = await unwrap(get('/v1/patients/{patientId}/access-log', { params: { path: { patientId }, query: { limit: MAX } } }));
          return page.items.map((e) => ({ ...e, service }));
        } catch (error) {
          if (error instanceof ApiError && error.status === 404) return [];
          throw error;
        }
      },
    })),
  });
  if (!allowed) return null;
  const forbidden = logs.some((l) => l.error instanceof ApiError && l.error.status === 403);
  const failed = logs.find((l) => l.error);
  const merged = {
    isPending: logs.some((l) => l.isPending),
    error: (forbidden || logs.every((l) => l.error) ? failed?.error : null) ?? null,
    data: logs.every((l) => !l.isPending) ? logs.flatMap((l) => l.data ?? []).sort((a, b) => b.occurredAt.localeCompare(a.occurredAt)) : undefined,
  };
  return (
    <ChartSection title="Access log" query={merged} hideWhenForbidden>
      {(entries) =>
        entries.length === 0 ? (
          <p className="muted">No access logged.</p>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <caption className="visually-hidden">Who read or changed this record, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Action</th>
                  <th scope="col">What</th>
                  <th scope="col">Purpose</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e, k) => (
                  <tr key={k}>
                    <th scope="row" className="nowrap">
                      {new Date(e.occurredAt).toLocaleString()}
                    </th>
                    <td>
                      {e.actor} <span className="muted">({e.actorRoles.join(', ')})</span>
                    </td>
                    <td>{e.action}</td>
                    <td>
                      {e.service}: {e.resource}
                    </td>
                    <td>{e.purpose}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      }
    </ChartSection>
  );
}
