import {
  dimensionalReassessmentRecordedV1, goalStatusChangedV1, treatmentPlanSignedV1, type DimensionalReassessmentRecorded,
  type GoalStatusChanged, type TreatmentPlanSigned,
} from '@iop/domain-events';
import type { EventHandler } from '@iop/event-store';
import type { ContinuedStayReviews } from '../review-continued-stay/continued-stay-reviews';

/** iop.clinical-notes.v1: ASAM reassessments and treatment-plan goals (counts and statuses only, never text). */
export function clinicalNotesHandlers(reviews: ContinuedStayReviews): Record<string, EventHandler> {
  return {
    [dimensionalReassessmentRecordedV1.type]: async (event, uow) => {
      const d = event.data as DimensionalReassessmentRecorded;
      await uow.client.query(
        `INSERT INTO evidence_reassessments (tenant_id, reassessment_id, episode_id, criteria_edition, ratings, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [event.tenantId, d.reassessmentId, d.episodeId, d.criteriaEdition, JSON.stringify(d.ratings), d.recordedAt],
      );
      await reviews.reviewOnEvidence(uow, event.tenantId, d.episodeId, event.time, event.id);
    },

    [goalStatusChangedV1.type]: async (event, uow) => {
      const d = event.data as GoalStatusChanged;
      // Goal changes of one episode arrive in order (keyed by episode), but a replay must not undo a later status.
      await uow.client.query(
        `INSERT INTO evidence_goals (tenant_id, goal_id, plan_id, episode_id, status, changed_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (tenant_id, goal_id) DO UPDATE SET status = excluded.status, changed_at = excluded.changed_at
         WHERE evidence_goals.changed_at <= excluded.changed_at`,
        [event.tenantId, d.goalId, d.planId, d.episodeId, d.to, d.changedAt],
      );
      await reviews.reviewOnEvidence(uow, event.tenantId, d.episodeId, event.time, event.id);
    },

    // The plan's goal count and version: goals never changed are "not started"; versions after the first are amendments.
    [treatmentPlanSignedV1.type]: async (event, uow) => {
      const d = event.data as TreatmentPlanSigned;
      await uow.client.query(
        `INSERT INTO evidence_plans (tenant_id, plan_id, version, episode_id, goal_count, signed_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT DO NOTHING`,
        [event.tenantId, d.planId, d.version, d.episodeId, d.goalCount, d.signedAt],
      );
    },
  };
}
