import type { Projection, StoredEvent } from '@iop/event-store';
import { localDateOf } from '../calendar/calendar-date';
import type { EpisodeCancelled, EpisodeClosed, EpisodeOpened } from '../episode/episode.events';

/** Episodes as outcomes knows them: the cohorts of the program metrics and the measurement schedule. */
export const episodesProjection: Projection = {
  name: 'outcome-episodes',
  tables: ['outcome_episodes'],
  handles: ['EpisodeOpened', 'EpisodeClosed', 'EpisodeCancelled'],
  async apply(client, events: readonly StoredEvent[], schema) {
    for (const e of events) {
      if (e.type === 'EpisodeOpened') {
        const d = e.data as EpisodeOpened['data'];
        await client.query(
          `INSERT INTO "${schema}".outcome_episodes (tenant_id, episode_id, patient_id, location_id, track, start_date, admitted_on, referred_on, status)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active') ON CONFLICT (episode_id) DO NOTHING`,
          [e.metadata.tenantId, d.episodeId, d.patientId, d.locationId, d.track, d.startDate, localDateOf(d.admittedAt), localDateOf(d.referredAt)],
        );
      } else if (e.type === 'EpisodeCancelled') {
        const d = e.data as EpisodeCancelled['data'];
        await client.query(`UPDATE "${schema}".outcome_episodes SET status = 'cancelled' WHERE episode_id = $1`, [d.episodeId]);
      } else {
        const d = e.data as EpisodeClosed['data'];
        await client.query(
          `UPDATE "${schema}".outcome_episodes SET status = 'discharged', discharge_reason = $2, discharged_at = $3, discharge_date = $4, location_id = $5
           WHERE episode_id = $1`,
          [d.episodeId, d.reason, d.dischargedAt, localDateOf(d.dischargedAt), d.locationId],
        );
      }
    }
  },
};
