import type { PoolClient } from 'pg';
import { localDateOf } from '@iop/calendar';
import { applyInRunsOf, type Projection, type StoredEvent } from '@iop/event-store';
import type { EpisodeCancelled, EpisodeClosed, EpisodeOpened } from '../domain/episode/episode.events';

/** Opened episodes in one statement (one, or a consumer's batch of admissions). */
async function opened(client: PoolClient, schema: string, events: readonly StoredEvent[]): Promise<void> {
  const d = events.map((e) => e.data as EpisodeOpened['data']);
  await client.query(
    `INSERT INTO "${schema}".outcome_episodes (tenant_id, episode_id, patient_id, location_id, track, start_date, admitted_on, referred_on, status)
     SELECT t, e, p, l, tr, s, a, r, 'active' FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::date[], $7::date[], $8::date[]) AS u(t, e, p, l, tr, s, a, r)
     ON CONFLICT (episode_id) DO NOTHING`,
    [events.map((e) => e.metadata.tenantId), d.map((x) => x.episodeId), d.map((x) => x.patientId), d.map((x) => x.locationId), d.map((x) => x.track),
      d.map((x) => x.startDate), d.map((x) => localDateOf(x.admittedAt)), d.map((x) => localDateOf(x.referredAt))],
  );
}

/** Episodes as outcomes knows them: the cohorts of the program metrics and the measurement schedule. */
export const episodesProjection: Projection = {
  name: 'outcome-episodes',
  tables: ['outcome_episodes'],
  handles: ['EpisodeOpened', 'EpisodeClosed', 'EpisodeCancelled'],
  async apply(client, events: readonly StoredEvent[], schema) {
    await applyInRunsOf(events, 'EpisodeOpened', (run) => opened(client, schema, run), async (e) => {
      if (e.type === 'EpisodeCancelled') {
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
    });
  },
};
