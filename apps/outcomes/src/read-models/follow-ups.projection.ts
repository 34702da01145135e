import type { Projection } from '@iop/event-store';
import type { FollowUpCompleted, FollowUpLost, FollowUpScheduled } from '../domain/episode/episode.events';

/** Follow-ups by id (a result names only the follow-up) and the open ones by window end (the lost sweep). */
export const followUpsProjection: Projection = {
  name: 'outcome-follow-ups',
  tables: ['outcome_follow_ups'],
  handles: ['FollowUpScheduled', 'FollowUpCompleted', 'FollowUpLost'],
  async apply(client, events, schema) {
    const table = `"${schema}".outcome_follow_ups`;
    for (const e of events) {
      if (e.type === 'FollowUpScheduled') {
        const d = e.data as FollowUpScheduled['data'];
        await client.query(
          `INSERT INTO ${table} (tenant_id, follow_up_id, episode_id, patient_id, sequence, offset_days, due_date, window_start, window_end, status)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'scheduled') ON CONFLICT (follow_up_id) DO NOTHING`,
          [e.metadata.tenantId, d.followUpId, d.episodeId, d.patientId, d.sequence, d.offsetDays, d.dueDate, d.windowStart, d.windowEnd],
        );
      } else if (e.type === 'FollowUpCompleted') {
        const d = e.data as FollowUpCompleted['data'];
        await client.query(
          `UPDATE ${table} SET status = 'completed', abstinent = $2, completed_at = $3, within_window = $4 WHERE follow_up_id = $1`,
          [d.followUpId, d.abstinent, d.completedAt, d.withinWindow],
        );
      } else {
        const d = e.data as FollowUpLost['data'];
        await client.query(`UPDATE ${table} SET status = 'lost', lost_at = $2 WHERE follow_up_id = $1`, [d.followUpId, d.lostAt]);
      }
    }
  },
};
