/**
 * The episode's continued-stay reviews (admissions GET /v1/episodes/{episodeId}/reviews, newest first): what each
 * recommended, the ASAM criteria that fired with the evidence admissions wrote for each, and what the review read. The
 * latest is shown open; "Review now" runs one (POST) for the roles admissions lets review.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button } from 'react-aria-components';
import { admissions, idempotencyKey, unwrap } from '../../api/client';
import type { components } from '../../api/admissions';
import { ProblemMessage } from '../../components/feedback';
import { levelLabel } from '../../lib/asam';
import { calendarDate } from '../../lib/dates';
import { hasRole, useSession } from '../../lib/session';
import { ChartSection } from './ChartSection';
import { reviewsQuery } from './queries';
import { DIMENSIONS } from './forms';

type Review = components['schemas']['ContinuedStayReviewDto'];
type Recommendation = Review['recommendation'];

/** Who may run one (admissions' POST /v1/episodes/{episodeId}/reviews). */
export const REVIEWERS = ['clinician', 'supervisor', 'psychiatrist'];

const RECOMMENDATIONS: Record<Recommendation, string> = {
  continue: 'Continue at this level',
  'step-down': 'Step down',
  transfer: 'Transfer',
  'step-up': 'Step up',
  discharge: 'Discharge',
};
const TRIGGERS: Record<Review['trigger'], string> = { request: 'on request', schedule: 'weekly schedule', evidence: 'new evidence' };
const recommendationLabel = (r: string) => RECOMMENDATIONS[r as Recommendation] ?? r;

export function Reviews({ episodeId, active }: { episodeId: string; active: boolean }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const q = useQuery(reviewsQuery(episodeId));
  const review = useMutation({
    mutationFn: () => unwrap(admissions.POST('/v1/episodes/{episodeId}/reviews', { params: { path: { episodeId } }, headers: { 'Idempotency-Key': idempotencyKey() } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['reviews', episodeId] }),
  });
  const reviewer = active && hasRole(session.data, ...REVIEWERS);
  return (
    <ChartSection title="Continued-stay reviews" query={q}>
      {(reviews) => (
        <>
          {reviewer && (
            <div className="chart-actions">
              <Button className="button button-secondary" isDisabled={review.isPending} onPress={() => review.mutate()}>
                {review.isPending ? 'Reviewing…' : 'Review now'}
              </Button>
              {review.data && !review.isPending && (
                <span role="status" className="notice">
                  Reviewed: {recommendationLabel(review.data.recommendation).toLowerCase()}.
                </span>
              )}
            </div>
          )}
          <ProblemMessage error={review.error} />
          {reviews.length === 0 ? (
            <p className="muted">No continued-stay review yet.</p>
          ) : (
            <ol className="plain-list review-list">
              {reviews.map((r, i) => (
                <li key={r.reviewId}>
                  <details open={i === 0}>
                    <summary>
                      <strong>{calendarDate(r.reviewedAt.slice(0, 10))}</strong>: {recommendationLabel(r.recommendation)}{' '}
                      <span className="muted">
                        ({TRIGGERS[r.trigger] ?? r.trigger}
                        {r.reviewedBy ? `, by ${r.reviewedBy}` : ''})
                      </span>
                    </summary>
                    <ReviewDetail review={r} />
                  </details>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </ChartSection>
  );
}

function ReviewDetail({ review }: { review: Review }) {
  const fired = review.criteria.filter((c) => c.fired);
  const others = review.criteria.filter((c) => !c.fired);
  const e = review.evidence;
  return (
    <div className="review-detail">
      <h3>Rules that fired</h3>
      {fired.length === 0 ? (
        <p className="muted">None fired.</p>
      ) : (
        <ul className="review-criteria">
          {fired.map((c) => (
            <li key={c.id}>
              <code>{c.id}</code> <span className="muted">argues for: {recommendationLabel(c.recommends).toLowerCase()}</span>
              <p className="review-evidence">{c.evidence}</p>
            </li>
          ))}
        </ul>
      )}
      {review.alerts.length > 0 && (
        <>
          <h3>Alerts</h3>
          <ul className="review-criteria">
            {review.alerts.map((a) => (
              <li key={a.id}>
                <code>{a.id}</code>
                <p className="review-evidence">{a.evidence}</p>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>Evidence read</h3>
      <dl className="facts">
        <div>
          <dt>Weeks in treatment</dt>
          <dd>{e.weeksInTreatment}</dd>
        </div>
        {e.currentLevel && (
          <div>
            <dt>Level of care</dt>
            <dd>{levelLabel(e.currentLevel, e.edition)}</dd>
          </div>
        )}
        <div>
          <dt>Latest ASAM ratings</dt>
          <dd>{e.latestRatings ? DIMENSIONS.map((d) => `${d.toUpperCase()} ${e.latestRatings![d]}`).join(' · ') : <span className="muted">None</span>}</dd>
        </div>
        {e.previousRatings && (
          <div>
            <dt>Previous ratings</dt>
            <dd>{DIMENSIONS.map((d) => `${d.toUpperCase()} ${e.previousRatings![d]}`).join(' · ')}</dd>
          </div>
        )}
        <div>
          <dt>Plan goals</dt>
          <dd>
            {e.goals.total === 0
              ? 'None'
              : `${e.goals.achieved} achieved, ${e.goals.inProgress} in progress, ${e.goals.notStarted} not started, ${e.goals.discontinued} discontinued (of ${e.goals.total})`}
          </dd>
        </div>
        <div>
          <dt>Weeks below the attendance rule</dt>
          <dd>
            {e.breaches.length === 0
              ? 'None'
              : e.breaches.map((b) => `week of ${calendarDate(b.weekStart)}: ${b.hoursAttended} h of ${b.requiredHours} h (${b.rule === 'asam-minimum' ? 'ASAM minimum' : 'program rule'})`).join('; ')}
          </dd>
        </div>
        <div>
          <dt>Open safety alerts</dt>
          <dd>{e.safetyAlertsOpen}</dd>
        </div>
      </dl>
      {others.length > 0 && (
        <details>
          <summary>Rules that did not fire ({others.length})</summary>
          <ul className="review-criteria">
            {others.map((c) => (
              <li key={c.id}>
                <code>{c.id}</code> <span className="muted">would argue for: {recommendationLabel(c.recommends).toLowerCase()}</span>
                <p className="review-evidence">{c.evidence}</p>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
