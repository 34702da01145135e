import type { PoolClient } from 'pg';
import type { ContinuedServiceCriterionResult } from '@iop/asam-criteria';
import type { ContinuedStayReviewed } from '../domain/episode/episode.events';
import { type KeyedRow, keyset, type Page, type PageParams } from '@iop/platform';
import { DUE_EPISODES_SQL, LAST_REVIEWED_SQL } from './continued-stay-reviews';

const DUE_KEY = LAST_REVIEWED_SQL.replace(/(last_reviewed_at|start_date)/g, 'e.$1');
const REVIEWS = keyset('admissions.reviews', [{ sql: 'reviewed_at', type: 'timestamptz', desc: true }, { sql: 'review_id', type: 'uuid', desc: true }]);
const DUE = keyset('admissions.due-for-review', [{ sql: DUE_KEY, type: 'timestamptz' }, { sql: 'e.episode_id', type: 'uuid' }]);

export const reviewView = (r: ContinuedStayReviewed['data'] & { reviewedBy?: string }) => ({
  reviewId: r.reviewId,
  episodeId: r.episodeId,
  patientId: r.patientId,
  trigger: r.trigger,
  recommendation: r.recommendation,
  criteriaFired: r.criteria.filter((c) => c.fired).map((c) => c.id),
  criteria: r.criteria,
  alerts: r.alerts,
  evidence: r.evidence,
  reviewedAt: r.reviewedAt,
  ...(r.reviewedBy ? { reviewedBy: r.reviewedBy } : {}),
});

type ReviewRow = {
  review_id: string; episode_id: string; patient_id: string; trigger: ContinuedStayReviewed['data']['trigger'];
  recommendation: ContinuedStayReviewed['data']['recommendation']; criteria: ContinuedServiceCriterionResult[];
  alerts: ContinuedStayReviewed['data']['alerts']; evidence: ContinuedStayReviewed['data']['evidence']; reviewed_at: Date;
  reviewed_by: string;
};

/** An episode's reviews, newest first. */
export async function listReviews(client: PoolClient, tenantId: string, episodeId: string, q: PageParams): Promise<Page<ReturnType<typeof reviewView>>> {
  const page = REVIEWS.request(q);
  const after = REVIEWS.where(page, 4);
  const { rows } = await client.query<ReviewRow & KeyedRow>(
    `SELECT *, ${REVIEWS.keySelect} FROM reviews
     WHERE tenant_id = $1 AND episode_id = $2 AND ${after.sql} ORDER BY ${REVIEWS.orderBy} LIMIT $3`,
    [tenantId, episodeId, page.limit + 1, ...after.params],
  );
  return REVIEWS.page(rows, page, (r) => reviewView({
    reviewId: r.review_id, episodeId: r.episode_id, patientId: r.patient_id, trigger: r.trigger, recommendation: r.recommendation,
    criteria: r.criteria, alerts: r.alerts, evidence: r.evidence, reviewedAt: r.reviewed_at.toISOString(), reviewedBy: r.reviewed_by,
  }));
}

type DueRow = {
  episode_id: string; patient_id: string; location_id: string; track: string; start_date: string; last_reviewed_at: Date | null;
  last_recommendation: string | null;
};

/**
 * Active episodes due for their weekly review at `now`, most overdue first; with `careTeamMember`, only those whose care
 * team includes that staff member (a clinician's own patients).
 */
export async function listDue(client: PoolClient, tenantId: string, now: string, q: PageParams, careTeamMember?: string) {
  const page = DUE.request(q);
  const after = DUE.where(page, 5);
  const { rows } = await client.query<DueRow & KeyedRow>(
    `SELECT e.episode_id, e.patient_id, e.location_id, e.track, e.start_date::text AS start_date, e.last_reviewed_at, e.last_recommendation,
       ${DUE.keySelect}
     FROM (${DUE_EPISODES_SQL}) due JOIN episodes e USING (tenant_id, episode_id)
     WHERE ($4::text IS NULL OR e.care_team @> jsonb_build_array(jsonb_build_object('staffId', $4::text)))
       AND ${after.sql} ORDER BY ${DUE.orderBy} LIMIT $3`,
    [now, tenantId, page.limit + 1, careTeamMember ?? null, ...after.params],
  );
  return DUE.page(rows, page, (r) => ({
    episodeId: r.episode_id, patientId: r.patient_id, locationId: r.location_id, track: r.track, startDate: r.start_date,
    lastReviewedAt: r.last_reviewed_at?.toISOString() ?? null, lastRecommendation: r.last_recommendation,
  }));
}
