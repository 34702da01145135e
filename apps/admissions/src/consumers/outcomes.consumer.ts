import { measureRecordedV1, safetyAlertRaisedV1, type MeasureRecorded, type SafetyAlertRaised } from '@iop/domain-events';
import type { EventHandler } from '@iop/event-store';
import type { ContinuedStayReviews } from '../review-continued-stay/continued-stay-reviews';

/** iop.outcomes.v1: measure totals (PHQ-9, GAD-7; BAM has none) and safety alerts. */
export function outcomesHandlers(reviews: ContinuedStayReviews): Record<string, EventHandler> {
  return {
    [measureRecordedV1.type]: async (event, uow) => {
      const d = event.data as MeasureRecorded;
      await uow.client.query(
        `INSERT INTO evidence_measures (tenant_id, measure_id, episode_id, instrument, total, band, safety_alert, administered_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
        [event.tenantId, d.measureId, d.episodeId, d.instrument, d.scores.total ?? null, d.band ?? null, d.safetyAlert, d.administeredAt],
      );
      await reviews.reviewOnEvidence(uow, event.tenantId, d.episodeId, event.time, event.id);
    },

    [safetyAlertRaisedV1.type]: async (event, uow) => {
      const d = event.data as SafetyAlertRaised;
      await uow.client.query(
        `INSERT INTO evidence_safety_alerts (tenant_id, measure_id, reason, episode_id, instrument, raised_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [event.tenantId, d.measureId, d.reason, d.episodeId, d.instrument, d.raisedAt],
      );
      await reviews.reviewOnEvidence(uow, event.tenantId, d.episodeId, event.time, event.id);
    },
  };
}
