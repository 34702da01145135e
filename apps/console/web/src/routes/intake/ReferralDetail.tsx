import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button } from 'react-aria-components';
import { admissions, unwrap, unwrapWithEtag } from '../../api/client';
import type { components } from '../../api/admissions';
import { Loading, ProblemMessage } from '../../components/feedback';
import { levelLabel } from '../../lib/asam';
import { ageInDays, calendarDate } from '../../lib/dates';
import { referralStatusLabel, sourceLabel } from '../../lib/labels';
import { useSetPatientInContext } from '../../lib/patient-context';
import { patientName } from '../../lib/patients';
import { hasRole, useSession } from '../../lib/session';
import { AdmissionForm } from './AdmissionForm';
import { AssessmentForm, RecommendationView } from './AssessmentForm';
import { DeclineForm, WaitlistForm } from './StatusForms';
import { Link } from 'react-router-dom';

const INTAKE = ['intake', 'admin'];
const ASSESSORS = ['clinician', 'supervisor', 'psychiatrist'];
const OPEN = ['open', 'waitlisted'];

type Referral = components['schemas']['ReferralDto'];

export type Versioned = { referral: Referral; etag: string | null };

/** One referral: its patient (put in context in the header), latest assessment, and what can be done next. */
export function ReferralDetail({ referralId, onClose }: { referralId: string; onClose: () => void }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const referral = useQuery({
    queryKey: ['referral', referralId],
    queryFn: async (): Promise<Versioned> => {
      const { body, etag } = await unwrapWithEtag(admissions.GET('/v1/referrals/{referralId}', { params: { path: { referralId } } }));
      return { referral: body, etag };
    },
  });
  const assessments = useQuery({
    queryKey: ['assessments', referralId],
    queryFn: () => unwrap(admissions.GET('/v1/referrals/{referralId}/assessments', { params: { path: { referralId } } })),
  });
  const shown = referral.data?.referral;
  useSetPatientInContext(shown ? { patientId: shown.patientId, name: patientName(shown.patient), dateOfBirth: shown.patient.dateOfBirth } : null);

  /** After a command: the board and this referral as they are now (its new version for the next command). */
  const changed = () => {
    void queryClient.invalidateQueries({ queryKey: ['referrals'] });
    void queryClient.invalidateQueries({ queryKey: ['referral', referralId] });
    void queryClient.invalidateQueries({ queryKey: ['assessments', referralId] });
  };
  // A 409: what is on screen is stale. Reading it all again shows the current version (and gives its ETag).
  const reload = changed;

  if (referral.isPending) return <Loading what="the referral" />;
  if (referral.isError) return <ProblemMessage error={referral.error} />;
  const r = referral.data.referral;
  const latest = assessments.data?.items.at(-1);
  const isOpen = OPEN.includes(r.status);
  return (
    <section className="panel referral-detail" aria-labelledby="referral-heading">
      <div className="heading-row">
        <h2 id="referral-heading">
          {patientName(r.patient)} <span className="subtle">born {calendarDate(r.patient.dateOfBirth)}</span>
        </h2>
        <Button className="button button-quiet" onPress={onClose}>
          Close
        </Button>
      </div>
      <dl className="facts">
        <div>
          <dt>Status</dt>
          <dd>
            <span className={`tag tag-${r.status}`}>{referralStatusLabel(r)}</span>
            {r.statusReason && <span className="subtle"> ({r.statusReason})</span>}
          </dd>
        </div>
        <div>
          <dt>Source</dt>
          <dd>{sourceLabel(r.source)}</dd>
        </div>
        <div>
          <dt>Referred</dt>
          <dd>
            {calendarDate(r.referredAt.slice(0, 10))}, {ageInDays(r.referredAt)} days ago
          </dd>
        </div>
        {r.recommendedLevel && (
          <div>
            <dt>Recommended</dt>
            <dd>{levelLabel(r.recommendedLevel)}</dd>
          </div>
        )}
        {r.episodeId && (
          <div>
            <dt>Episode</dt>
            <dd>
              <Link to={`/patients/${r.patientId}`}>Open the chart</Link>
            </dd>
          </div>
        )}
      </dl>
      {latest && (
        <details className="latest-assessment">
          <summary>Latest assessment ({calendarDate(String(latest.assessedAt).slice(0, 10))})</summary>
          <RecommendationView recommendation={latest.recommendation} edition={latest.criteriaEdition} />
        </details>
      )}
      {isOpen && hasRole(session.data, ...ASSESSORS) && (
        <AssessmentForm versioned={referral.data} collapsed={!!r.latestAssessmentId} onSaved={changed} onReload={reload} />
      )}
      {isOpen && hasRole(session.data, ...INTAKE) && (
        <>
          <AdmissionForm key={r.recommendedLevel ?? 'none'} versioned={referral.data} recommendedLevel={r.recommendedLevel} onSaved={changed} onReload={reload} />
          <div className="side-by-side">
            {r.status !== 'waitlisted' && <WaitlistForm versioned={referral.data} onSaved={changed} onReload={reload} />}
            <DeclineForm versioned={referral.data} onSaved={changed} onReload={reload} />
          </div>
        </>
      )}
      {!isOpen && <p className="muted">This referral is {r.status}: nothing more to do on it here.</p>}
    </section>
  );
}
