import type { PoolClient } from 'pg';
import { ProblemError } from '@iop/platform';

/**
 * The patient of an episode this tenant's outcomes knows (row-level security hides other tenants' rows, so an
 * episode of another clinic is the same 404 as one that does not exist).
 */
export async function patientOfEpisode(client: PoolClient, episodeId: string): Promise<string> {
  const { rows } = await client.query<{ patient_id: string }>('SELECT patient_id FROM outcome_episodes WHERE episode_id = $1', [episodeId]);
  if (!rows[0]) throw new ProblemError(404, `No episode ${episodeId}.`);
  return rows[0].patient_id;
}
