import type { Projection } from '@iop/event-store';
import type { AbstinenceReported, DrugScreenResulted } from '../domain/episode/episode.events';

/** Drug screens (one result per analyte) and self-reported abstinence, as recorded, with who recorded them and when. */
export const recordsProjection: Projection = {
  name: 'outcome-records',
  tables: ['outcome_drug_screens', 'outcome_abstinence_reports'],
  handles: ['DrugScreenResulted', 'AbstinenceReported'],
  async apply(client, events, schema) {
    for (const e of events) {
      if (e.type === 'DrugScreenResulted') {
        const d = e.data as DrugScreenResulted['data'];
        await client.query(
          `INSERT INTO "${schema}".outcome_drug_screens (tenant_id, screen_id, episode_id, patient_id, collected_on, results, recorded_by, recorded_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (screen_id) DO NOTHING`,
          [e.metadata.tenantId, d.screenId, d.episodeId, d.patientId, d.collectedOn, JSON.stringify(d.results), d.recordedBy, e.recordedAt],
        );
      } else {
        const d = e.data as AbstinenceReported['data'];
        await client.query(
          `INSERT INTO "${schema}".outcome_abstinence_reports (tenant_id, report_id, episode_id, patient_id, period_start, period_end, days_abstinent, reported_by, reported_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (report_id) DO NOTHING`,
          [e.metadata.tenantId, d.reportId, d.episodeId, d.patientId, d.periodStart, d.periodEnd, d.daysAbstinent, d.reportedBy, e.recordedAt],
        );
      }
    }
  },
};
