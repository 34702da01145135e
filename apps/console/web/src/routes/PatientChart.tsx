/**
 * The patient's chart (`/patients/{patientId}`): the episode in force at the top (level of care, program week, this
 * week's hours against the required hours, care team, consents in force), then each part of the record read from the
 * service that owns it. Every part loads on its own (one slow or refused read hides nothing else). Counseling notes
 * are not here: they are their author's only.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import type { EpisodeDetail } from '../api/views';
import { Loading, ProblemMessage } from '../components/feedback';
import { levelLabel } from '../lib/asam';
import { currentWeekHours, programWeek } from '../lib/chart';
import { calendarDate, localToday } from '../lib/dates';
import { TRACK_LABELS } from '../lib/labels';
import { useSetPatientInContext } from '../lib/patient-context';
import { useTitle } from '../lib/title';
import { ChartSection } from './chart/ChartSection';
import { FollowUps } from './chart/FollowUps';
import { Notes } from './chart/Notes';
import { episodeQuery, shownEpisodeId, useConsents, usePatient, weeksQuery } from './chart/queries';
import { Plan } from './chart/Plan';
import { Reassessments } from './chart/Reassessments';
import { Reviews } from './chart/Reviews';
import { AccessLog, Allergies, Consents, Diagnoses, Discharge, DrugScreens, Measures, Medications, Schedule } from './chart/Sections';
import './chart/chart-forms.css';

export function PatientChart() {
  const { patientId = '' } = useParams();
  const patient = usePatient(patientId);
  const p = patient.data;
  useSetPatientInContext(p ? { patientId, name: `${p.firstName} ${p.lastName}`, dateOfBirth: p.dateOfBirth } : null);
  useTitle(p ? `Chart: ${p.firstName} ${p.lastName}` : 'Chart');
  // `?episode=<episodeId>` opens another episode than the latest (a link from the documentation queue, say).
  const [params] = useSearchParams();
  const [chosen, setChosen] = useState<string | null>(() => params.get('episode'));
  if (patient.isPending) return <Loading what="the chart" />;
  if (!p) {
    // A compliance officer may not read the chart but may read who did.
    return (
      <section aria-labelledby="chart-heading" className="chart">
        <h1 id="chart-heading">Chart</h1>
        <ProblemMessage error={patient.error} />
        <AccessLog patientId={patientId} />
      </section>
    );
  }
  // The most recent episode unless another is chosen (an alumnus may have several).
  const episodes = [...p.episodes].reverse();
  const episodeId = shownEpisodeId(p.episodes, chosen);
  return (
    <section aria-labelledby="chart-heading" className="chart">
      <div className="heading-row">
        <h1 id="chart-heading">
          {p.firstName} {p.lastName}
        </h1>
        <span className="muted">
          born {calendarDate(p.dateOfBirth)}
          {p.alumni ? ' · alumni' : ''}
        </span>
      </div>
      {episodes.length > 1 && (
        <p>
          <label htmlFor="episode-choice">Episode </label>
          <select id="episode-choice" value={episodeId ?? ''} onChange={(e) => setChosen(e.target.value)}>
            {episodes.map((e) => (
              <option key={e.episodeId} value={e.episodeId}>
                {e.startDate ? `From ${calendarDate(e.startDate)}` : 'Not started'} ({e.status})
              </option>
            ))}
          </select>
        </p>
      )}
      {episodeId ? <EpisodeChart key={episodeId} patientId={patientId} episodeId={episodeId} /> : <p className="muted">No episode: this patient was referred, not admitted.</p>}
      <Consents patientId={patientId} />
      <AccessLog patientId={patientId} />
    </section>
  );
}

function EpisodeChart({ patientId, episodeId }: { patientId: string; episodeId: string }) {
  const episode = useQuery(episodeQuery(episodeId));
  // Asked for with the episode, not after it: the header needs both, and one round trip waiting for the other made the
  // chart slower to become usable.
  useQuery(weeksQuery(episodeId));
  return (
    <>
      <ChartSection title="Episode" query={episode}>
        {(e) => <EpisodeHeader patientId={patientId} episode={e} />}
      </ChartSection>
      <Schedule episodeId={episodeId} />
      <Plan episodeId={episodeId} startDate={episode.data?.startDate} plannedEndDate={episode.data?.plannedEndDate} />
      <Notes episodeId={episodeId} />
      <Reassessments episodeId={episodeId} active={episode.data?.status === 'active'} />
      <Measures episodeId={episodeId} />
      <DrugScreens episodeId={episodeId} />
      <Diagnoses episodeId={episodeId} />
      <Medications patientId={patientId} />
      <Allergies patientId={patientId} />
      <Reviews episodeId={episodeId} active={episode.data?.status === 'active'} />
      {episode.data && <Discharge episode={episode.data} />}
      <FollowUps episodeId={episodeId} discharged={Boolean(episode.data?.dischargedAt)} />
    </>
  );
}

function EpisodeHeader({ patientId, episode }: { patientId: string; episode: EpisodeDetail }) {
  const weeks = useQuery(weeksQuery(episode.episodeId));
  const consents = useConsents(patientId);
  const { week, planned } = programWeek(episode.startDate, episode.plannedEndDate, localToday());
  const hours = weeks.data ? currentWeekHours(weeks.data) : null;
  const inForce = consents.data?.filter((c) => c.status === 'active');
  return (
    <dl className="facts episode-facts">
      <div>
        <dt>Level of care</dt>
        <dd>{levelLabel(episode.levelOfCare)}</dd>
      </div>
      <div>
        <dt>Status</dt>
        <dd>
          {episode.status}
          {episode.track ? ` · ${TRACK_LABELS[episode.track] ?? episode.track} track` : ''}
        </dd>
      </div>
      <div>
        <dt>Program week</dt>
        <dd>
          {week === null ? (episode.startDate ? `Starts ${calendarDate(episode.startDate)}` : 'Not started') : `Week ${week}${planned ? ` of ${planned}` : ''}`}
        </dd>
      </div>
      <div>
        <dt>Hours this week</dt>
        <dd>
          {weeks.isPending ? (
            'Loading…'
          ) : hours ? (
            <>
              {hours.attended} h attended of {hours.required} h required{' '}
              <span className={`tag ${hours.week.compliant ? 'tag-ok' : 'tag-warn'}`}>{hours.week.compliant ? 'on track' : 'below the rule so far'}</span>
            </>
          ) : weeks.error ? (
            <span className="muted">Not available</span>
          ) : (
            'No program week yet'
          )}
        </dd>
      </div>
      <div>
        <dt>Care team</dt>
        <dd>
          {episode.careTeam.length === 0 ? (
            <span className="muted">No one assigned</span>
          ) : (
            <ul className="plain-list">
              {episode.careTeam.map((m) => (
                <li key={m.staffId}>
                  {m.staffId} <span className="muted">({m.role})</span>
                </li>
              ))}
            </ul>
          )}
        </dd>
      </div>
      <div>
        <dt>Consents in force</dt>
        <dd>
          {consents.isPending ? (
            'Loading…'
          ) : !inForce ? (
            <span className="muted">Not available</span>
          ) : inForce.length === 0 ? (
            <span className="muted">None</span>
          ) : (
            <ul className="plain-list">
              {inForce.map((c) => (
                <li key={c.consentId}>
                  {c.recipient} <span className="muted">for {c.purpose}</span>
                </li>
              ))}
            </ul>
          )}
        </dd>
      </div>
    </dl>
  );
}
