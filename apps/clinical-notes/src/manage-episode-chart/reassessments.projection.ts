import type { Projection } from '@iop/event-store';
import type { ReassessmentRecorded } from '../domain/chart/chart.events';

/** The episode's reassessments as recorded, inline: the chart lists one as soon as it is saved. */
export const reassessmentsProjection: Projection = {
  name: 'reassessments',
  tables: ['reassessments'],
  handles: ['ReassessmentRecorded'],
  async apply(client, events, schema) {
    for (const e of events) {
      const d = e.data as ReassessmentRecorded['data'];
      await client.query(
        `INSERT INTO "${schema}".reassessments (reassessment_id, tenant_id, episode_id, patient_id, criteria_edition, ratings, rationale, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
        [d.reassessmentId, e.metadata.tenantId, d.episodeId, d.patientId, d.criteriaEdition, JSON.stringify(d.ratings),
          d.rationale ? JSON.stringify(d.rationale) : null, d.recordedBy, d.recordedAt],
      );
    }
  },
};
