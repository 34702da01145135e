import type { Projection } from '@iop/event-store';
import type { CareTeamMemberNoted } from '@iop/care-team';

/** Each episode's current care team (member and role): the measures a clinician is shown are their own patients'. */
export const careTeamProjection: Projection = {
  name: 'outcome-care-team',
  tables: ['outcome_care_team_members'],
  handles: ['CareTeamMemberNoted'],
  async apply(client, events, schema) {
    for (const e of events) {
      const d = e.data as CareTeamMemberNoted['data'];
      if (d.change === 'assigned') {
        await client.query(
          `INSERT INTO "${schema}".outcome_care_team_members (tenant_id, episode_id, staff_id, role, since) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (episode_id, staff_id) DO UPDATE SET role = excluded.role, since = excluded.since`,
          [e.metadata.tenantId, d.episodeId, d.staffId, d.role, d.changedAt],
        );
      } else {
        await client.query(`DELETE FROM "${schema}".outcome_care_team_members WHERE episode_id = $1 AND staff_id = $2`, [d.episodeId, d.staffId]);
      }
    }
  },
};
