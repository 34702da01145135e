import { localDateOf } from '@iop/calendar';
import type { Projection } from '@iop/event-store';
import type { MeasureRecorded } from '../domain/episode/episode.events';

/** The stored observations: raw answers, scores, code (LOINC or local), scoring version and who administered it. */
export const measuresProjection: Projection = {
  name: 'outcome-measures',
  tables: ['outcome_measures'],
  handles: ['MeasureRecorded'],
  async apply(client, events, schema) {
    for (const e of events) {
      const d = e.data as MeasureRecorded['data'];
      await client.query(
        `INSERT INTO "${schema}".outcome_measures (tenant_id, measure_id, episode_id, patient_id, instrument, code_system, code, answers,
           scores, band, safety_alert, scoring_version, administered_at, administered_on, administered_by, follow_up_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) ON CONFLICT (measure_id) DO NOTHING`,
        [
          e.metadata.tenantId, d.measureId, d.episodeId, d.patientId, d.instrument, d.codeSystem, d.code, JSON.stringify(d.answers),
          JSON.stringify(d.scores), d.band ?? null, d.safetyAlert, d.scoringVersion, d.administeredAt, localDateOf(d.administeredAt),
          d.administeredBy, d.followUpId ?? null,
        ],
      );
    }
  },
};
